"""Reports a person reads and sends on: one document model (kg.reports.document) written as xlsx
(kg.reports.xlsx) or HTML (kg.reports.html) by every command that reports (validate, impact,
query); provisions as lawyers write them (kg.reports.provisions); report files written whole, with
the format taken from the extension (kg.reports.files); progress bars (kg.reports.progress)."""
