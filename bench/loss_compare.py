"""Do the thin-class losses help? `train_camseq`'s defaults with cross-entropy against cross-entropy + Lovász-softmax
and OHEM cross-entropy (`segfast.losses`), same data, size, epochs and seeds: void-excluded accuracy, mean IoU and
the IoU of the thin classes (pole, sign, bicyclist) of the model `train_camseq` keeps (the best by mean IoU), scored on
the validation split at the training size, with the mean and range over the seeds. Accuracy only: it
may run beside other work (OMP_NUM_THREADS=1).

    python bench/loss_compare.py [--data ../shared/data/camvid11] [--size 96 128] [--epochs 3 3] [--seeds 42 7] [--losses ce ce_lovasz ohem]
"""
import argparse, tempfile
from pathlib import Path
from fastai.vision.all import *
from segfast.data import find_data
from segfast.learn import train_camseq
from segfast.interpret import evaluate
from segfast.metrics import class_iou

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument('--data', type=Path, default=find_data('camvid11'), help='CamVid-11 in SegNet layout')
p.add_argument('--size', type=int, nargs=2, default=(96,128), help='height width')
p.add_argument('--epochs', type=int, nargs=2, default=(3,3), help='epochs frozen, unfrozen')
p.add_argument('--seeds', type=int, nargs='+', default=[42,7])
p.add_argument('--losses', nargs='+', default=['ce','ce_lovasz','ohem'], help='names in segfast.losses.LOSSES')
a = p.parse_args()
if a.data is None: raise SystemExit("no dataset: pass --data (shared/data/camvid11 was not found)")
THIN = ('Pole','SignSymbol','Bicyclist')
rows = []
for loss in a.losses:
    for seed in a.seeds:
        with tempfile.TemporaryDirectory() as d:
            res = train_camseq(a.data, size=tuple(a.size), epochs=tuple(a.epochs), seed=seed, loss_func=loss, out=d)
            ev = evaluate(res.learn); iou = class_iou(ev.cm)
        r = dict(loss=loss, seed=seed, acc_void=ev.summary['accuracy'], miou=ev.summary['miou'],      # the kept (best) model, as the thin classes
                 **{c: float(iou[ev.codes.index(c)]) for c in THIN}, lr_frozen=res.lrs['frozen'], lr_unfrozen=res.lrs['unfrozen'])
        rows.append(r); print(r, flush=True)
df = pd.DataFrame(rows)
print("\n", df.to_string(index=False, float_format=lambda v: f'{v:.4g}'))
print("\nmean (min-max) over seeds\n", df.groupby('loss')[['acc_void','miou',*THIN]].agg(['mean','min','max']).to_string(float_format=lambda v: f'{v:.3f}'))
