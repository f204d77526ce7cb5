"""The monthly supervision and evaluation report: indicators (here), PDF (``pdf/``), Excel."""
