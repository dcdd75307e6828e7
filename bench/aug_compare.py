"""Does the batch augmentation change accuracy? `train_camseq`'s defaults with `SegAugment` (segfast's, since issue 14)
against fastai's `aug_transforms` (the default before), same data, size, epochs and seeds; final void-excluded
accuracy and mean IoU, and the mean over the seeds. Accuracy only: run it beside other work if you like.

    python bench/aug_compare.py [--data ../shared/data/camvid11] [--size 96 128] [--epochs 3 3] [--seeds 42 7]
"""
import argparse, tempfile
from pathlib import Path
from fastai.vision.all import *
from segfast.data import find_data
from segfast.learn import train_camseq

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument('--data', type=Path, default=find_data('camvid11'), help='CamVid-11 in SegNet layout')
p.add_argument('--size', type=int, nargs=2, default=(96,128), help='height width')
p.add_argument('--epochs', type=int, nargs=2, default=(3,3), help='epochs frozen, unfrozen')
p.add_argument('--seeds', type=int, nargs='+', default=[42,7])
a = p.parse_args()
if a.data is None: raise SystemExit("no dataset: pass --data (shared/data/camvid11 was not found)")
rows = []
for name,aug in (('SegAugment', True), ('aug_transforms', aug_transforms())):
    for seed in a.seeds:
        with tempfile.TemporaryDirectory() as d:
            res = train_camseq(a.data, size=tuple(a.size), epochs=tuple(a.epochs), seed=seed, aug=aug, out=d)
        rows.append(dict(aug=name, seed=seed, acc_void=res.final['acc_void'], miou=res.final['miou'], lr_frozen=res.lrs['frozen'], lr_unfrozen=res.lrs['unfrozen']))
        print(rows[-1], flush=True)
df = pd.DataFrame(rows)
print("\n", df.to_string(index=False, float_format=lambda v: f'{v:.4g}'))
print("\nmean (min-max) over seeds\n", df.groupby('aug')[['acc_void','miou']].agg(['mean','min','max']).to_string(float_format=lambda v: f'{v:.4f}'))
