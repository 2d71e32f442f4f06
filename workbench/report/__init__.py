"""The Excel report a manager can forward, and the one writer of every spreadsheet and CSV file the
workbench produces (``files``): member lists, the per-customer export, quarantined rows."""
