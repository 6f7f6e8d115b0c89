"""Text repairs of decoded pages: charset decision, mojibake, byte shifts, lost characters,
inline pinyin, white space, script. Pure functions; the encoding-fix pipeline calls repair."""
