"""The 统计分析 view and the 大屏 wall display (figures from ``ws.stats``)."""
