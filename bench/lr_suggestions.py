"""Which lr_find suggestion should train_camseq use? Each one (and any fixed frozen-stage rates), same data, size,
epochs and seeds, in one run. The unfrozen stage always uses lr_find (bounded by the frozen rate, as train_camseq does).

    python bench/lr_suggestions.py [--data ../shared/data/camvid11] [--size 96 128] [--epochs 3 3] [--suggest valley minimum]
                                   [--lrs 0.01] [--seeds 42 7] [--decoder lite]
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
p.add_argument('--suggest', nargs='+', default=['minimum_or_valley','minimum','valley'], help="lr_find suggestions to try")
p.add_argument('--lrs', type=float, nargs='*', default=[], help='fixed frozen-stage learning rates to try as well')
p.add_argument('--seeds', type=int, nargs='+', default=[42])
p.add_argument('--decoder', default='lite', choices=('lite','unet'), help="train_camseq's decoder")
a = p.parse_args()
rows = []
for how in [*a.suggest, *a.lrs]:
    kw = dict(lr=how) if isinstance(how, float) else dict(lr_suggest=how)
    for seed in a.seeds:
        with tempfile.TemporaryDirectory() as d:
            t0 = time.perf_counter()
            res = train_camseq(a.data, size=tuple(a.size), epochs=tuple(a.epochs), bs=a.bs, out=d, seed=seed, decoder=a.decoder, **kw)
            f,df = res.final,res.df
            rows.append(dict(frozen_lr_from=f'lr={how}' if isinstance(how, float) else how, seed=seed, lr_frozen=res.lrs['frozen'],
                             lr_unfrozen=res.lrs['unfrozen'], max_frozen_valid_loss=df[df.stage=='frozen'].valid_loss.max(),
                             acc_void=f['acc_void'], miou=f['miou'], total_s=time.perf_counter()-t0))
            print(rows[-1], '\nall suggestions:', {k:v['suggestions'] for k,v in res.lr_finds.items()}, flush=True)
r = pd.DataFrame(rows)
print(r.to_string(index=False, float_format=lambda v: f'{v:.4g}'))
if len(a.seeds)>1: print("\nmean over seeds\n", r.drop(columns='seed').groupby('frozen_lr_from', sort=False).mean().to_string(float_format=lambda v: f'{v:.4g}'))
