"""The words answers use to place code after or before a line, in the languages they come
in ("after", "después de", "nach", "sau", "po", "vlak vóór", "перед", "قبل"). One lexicon
for the placers that read a relation word next to quoted code."""

from __future__ import annotations

#: "after" and its translations (a regular-expression alternation, no groups)
AFTER_WORDS = (
    r"after|below|underneath|under|following|después de|apr[eè]s|nach|depois d[eoa]s?|"
    r"ap[oó]s|dopo|после|sau|vlak na|direct na|na de|na het|setelah|sesudah|بعد|zaraz po|po"
)
#: "before" and its translations
BEFORE_WORDS = (
    r"before|above|ahead of|prior to|antes d[eoa]s?|avant|vor|prima d[ie]|перед|trước|"
    r"vlak v[oó]{2}r|direct v[oó]{2}r|v[oó]{2}r de|v[oó]{2}r het|v[oó]{2}r|قبل|tuż przed|przed|"
    r"sebelum"
)
