"""Pinyin annotations a converter mirror wrote after each character it converted, with the
reading of its simplified *source* character: all removed, real brackets kept."""
from __future__ import annotations

import json
import random
import re
import subprocess
import sys

import opencc
import pytest
from conftest import ROOT, SHARED
from pypinyin import Style, pinyin

from newscrawl.chars import HAN_CLASS
from newscrawl.encoding.pinyin import pinyin_readings, readings_of, simplified_forms, strip_inline_pinyin

GROUND_TRUTH = SHARED / "corpus" / "magic-html" / "DERIVED_ground_truth_subset.json"
HAN_RUN_RE = re.compile(f"[{HAN_CLASS}]+")
# Characters whose traditional form does not share the simplified one's reading, in phrases
# where the mirror reads them so.
OWN_TEXT = (
    "记者了解到，干部们头发花白，一只手拿着成绩单。人参、呼吁、背包、旗杆、杠杆、肮脏的痕迹，"
    "都是这次调查的发现。他干了一辈子，说了算。"
)
# Brackets that are not annotations, as they appear after conversion; none may be touched.
KEPT = "國家會展中心(上海)舉行，採用(AI)技術，時速120公里每小時(h)，(記者 王子濤)報道，（來源:綠色青浦）"


def simplified_paragraphs() -> list[str]:
    paragraphs = [OWN_TEXT]
    if GROUND_TRUTH.is_file():
        for page in json.loads(GROUND_TRUTH.read_text(encoding="utf-8")).values():
            paragraphs += [p for p in page["content"].split("\n") if len(HAN_RUN_RE.findall(p)) > 3]
    return paragraphs


def annotated_like_a_mirror(simplified: str, traditional: str) -> tuple[str, int]:
    """`traditional` with each Han character followed by the reading of the simplified character
    it was converted from (pypinyin, in the context of its phrase), as seed 000's mirror did;
    and the number of annotations."""
    readings = {}
    for run in HAN_RUN_RE.finditer(simplified):
        for offset, (reading, *_) in enumerate(pinyin(run.group(), style=Style.TONE)):
            readings[run.start() + offset] = reading
    annotated = "".join(f"{char}({readings[i]})" if i in readings else char for i, char in enumerate(traditional))
    return annotated, len(readings)


def test_annotations_of_the_simplified_source_are_all_removed():
    s2t = opencc.OpenCC("s2t")
    pairs = [(p, s2t.convert(p)) for p in simplified_paragraphs()]
    pairs = [(s, t) for s, t in pairs if len(s) == len(t)]  # OpenCC s2t keeps character offsets
    converted = "\n".join(t for _, t in pairs) + "\n" + KEPT
    annotated_pairs = [annotated_like_a_mirror(s, t) for s, t in pairs]
    annotated = "\n".join(text for text, _ in annotated_pairs) + "\n" + KEPT
    annotations = sum(count for _, count in annotated_pairs)
    if GROUND_TRUTH.is_file():
        assert annotations > 5000
    changed = sum(s != t for s, t in pairs)
    assert changed  # the converter did convert
    repaired, removed = strip_inline_pinyin(annotated)
    assert repaired == converted
    assert removed == annotations


@pytest.mark.parametrize(
    "annotated, expected",
    [("瞭(le)解", "瞭解"), ("乾(gàn)部", "乾部"), ("頭髮(fā)", "頭髮"), ("一隻(zhǐ)", "一隻"),
     ("痕跡(jì)", "痕跡"), ("成績(jì)", "成績"), ("人蔘(cān)", "人蔘"), ("呼籲(xū)", "呼籲"),
     ("揹(bèi)包", "揹包"), ("旗桿(gān)", "旗桿"), ("槓(gāng)桿", "槓桿"), ("骯髒(zàng)", "骯髒"),
     ("髒(zhōng)", "髒(zhōng)")],  # not a reading of 髒 nor of 脏
)
def test_readings_of_the_simplified_source_count(annotated, expected):
    # in a converter's text, which marks tones elsewhere (a neutral tone has no mark: le)
    assert strip_inline_pinyin("網(wǎng)" + annotated)[0] == "網" + expected


@pytest.mark.parametrize("text", ["房间里的水没(mo)到的膝盖。", "再后来就抄没(mo)了。"])
def test_an_authors_bare_reading_in_plain_text_stays(text):
    """A writer explaining a reading leaves no tone mark; a converter marks its tones."""
    assert strip_inline_pinyin(text) == (text, 0)


def test_simplified_forms_come_from_every_candidate_of_opencc_tables():
    simplified_forms.cache_clear()
    forms = simplified_forms()
    assert forms["瞭"] >= {"了"} and forms["揹"] >= {"背"} and forms["乾"] >= {"干"}
    assert "le" in readings_of("瞭") and "shàng" not in readings_of("瞭")


def test_readings_are_pypinyins_own_for_every_character_looked_up():
    """pinyin_readings searches the text of pypinyin's table instead of loading it as a dict:
    the same readings as pypinyin's dict, for the first, last and 3,000 other characters."""
    from pypinyin.constants import PINYIN_DICT

    codes = [min(PINYIN_DICT), max(PINYIN_DICT), *random.Random(5).sample(sorted(PINYIN_DICT), 3000)]
    assert [pinyin_readings(code) for code in codes] == [PINYIN_DICT[code] for code in codes]
    assert pinyin_readings(ord("A")) == "" and pinyin_readings(0x10FFFF) == ""


def test_an_annotated_text_is_repaired_without_importing_pypinyin():
    removed = subprocess.run(
        [sys.executable, "-c", "import sys; from newscrawl.encoding.pinyin import strip_inline_pinyin; "
         "print(strip_inline_pinyin('網(wǎng)絡(luò)')[0], 'pypinyin' in sys.modules)"],
        cwd=ROOT, capture_output=True, text=True, check=True)
    assert removed.stdout.split() == ["網絡", "False"]
