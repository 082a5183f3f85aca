"""Citation stage: basis text → Lark grammar → citations."""
