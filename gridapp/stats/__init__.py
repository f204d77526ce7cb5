"""The 统计分析 view's figures (no Qt): the monthly report's definitions, for any period."""
