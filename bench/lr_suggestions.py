"""Which lr_find suggestion should train_camseq use? Each one, same data, size, epochs and seed, in one run.

    python bench/lr_suggestions.py [--data ../shared/data/camvid11] [--size 96 128] [--epochs 3 3] [--suggest valley minimum]
"""
import argparse, time, tempfile
from pathlib import Path
import pandas as pd
from segfast.data import find_data
from segfast.learn import train_camseq

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument('--data', type=Path, default=find_data('camvid11'))
p.add_argument('--size', type=int, nargs=2, default=(96,128))
p.add_argument('--epochs', type=int, nargs=2, default=(3,3))
p.add_argument('--bs', type=int, default=8)
p.add_argument('--suggest', nargs='+', default=['valley','minimum','slide'])
a = p.parse_args()
rows = []
for sug in a.suggest:
    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter()
        res = train_camseq(a.data, size=tuple(a.size), epochs=tuple(a.epochs), bs=a.bs, lr_suggest=sug, out=d)
        f = res.final
        rows.append(dict(suggest=sug, lr_frozen=res.lrs['frozen'], lr_unfrozen=res.lrs['unfrozen'],
                         acc_void=f['acc_void'], miou=f['miou'], total_s=time.perf_counter()-t0))
        print(rows[-1], '\nall suggestions:', {k:v['suggestions'] for k,v in res.lr_finds.items()}, flush=True)
print(pd.DataFrame(rows).to_string(index=False, float_format=lambda v: f'{v:.4g}'))
