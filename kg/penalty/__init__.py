"""Penalty stage: article text → penalty.lark → sanctions with ranges, targets and conditions."""
