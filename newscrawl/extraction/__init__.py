"""Article extraction from HTML: DOM helpers the layouts use, density extraction (the generic
body), metadata (title, date, bylines) and the boilerplate rule tables. Pure functions."""
