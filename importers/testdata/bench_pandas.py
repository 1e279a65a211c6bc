#!/usr/bin/python3
"""Time pandas + openpyxl reading the same yearbook tables as BenchmarkYearbook.

    /usr/bin/python3 importers/testdata/bench_pandas.py [FOLDER]

FOLDER defaults to the 30 section-2 tables of the 2024 edition in
the evaluation copy of the yearbook tables (not in the repository; give its folder). Each file is read
with pandas.read_excel(engine="openpyxl", header=None), which only loads the
cells: no header detection, no matching, no city codes. Prints the best of
three runs and the peak resident memory of the process.
"""
import glob
import os
import resource
import sys
import time

import pandas as pd

here = os.path.dirname(os.path.abspath(__file__))
folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    here, "..", "..", "..", "shared", "data", "ccsy2024-excel", "2024",
    "extracted_2024_中国城市统计年鉴2024【excel】", "2、地级以上城市统计资料")
files = sorted(glob.glob(os.path.join(folder, "*.xlsx")))
if not files:
    sys.exit("no .xlsx files in " + folder)

best = None
for _ in range(3):
    start = time.perf_counter()
    cells = 0
    for f in files:
        df = pd.read_excel(f, engine="openpyxl", header=None)
        cells += int(df.notna().sum().sum())
    elapsed = time.perf_counter() - start
    best = elapsed if best is None else min(best, elapsed)

peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"pandas {pd.__version__} + openpyxl: {len(files)} files, {cells} non-empty cells, "
      f"best of 3: {best:.3f} s, peak RSS {peak_mb:.0f} MB")
