"""Exports of everyday work: the case list as a workbook (台账), the 延期、回退、挂账
ledgers from the event log, and a case's 案卷处理单 as PDF. No Qt here."""
