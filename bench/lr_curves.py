"""`lr_find`'s `minimum` against `minimum_or_valley` on the real curves of `train_camseq` (frozen and unfrozen stages).

Runs `train_camseq` (3 frozen + 1 unfrozen epochs) for each seed, keeps each stage's `lr_find` curve in a JSON file,
and prints both suggestions, computed on the curve as `_lr_find` trims it; `--curves FILE` recomputes them from a
saved file without training.

    python bench/lr_curves.py [--data ../shared/data/camvid11] [--size 96 128] [--seeds 42 7] [--save F] [--curves F]
"""
import argparse, json, tempfile
from pathlib import Path
import torch
from fastai.callback.schedule import minimum
from segfast.data import find_data
from segfast.learn import train_camseq, minimum_or_valley

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument('--data', type=Path, default=find_data('camvid11'), help='CamVid-11 in SegNet layout')
p.add_argument('--size', type=int, nargs=2, default=(96,128), help='height width')
p.add_argument('--seeds', type=int, nargs='+', default=[42,7])
p.add_argument('--save', type=Path, default=Path('bench/results/lr_curves_cpu2.json'), help='where to keep the curves')
p.add_argument('--curves', type=Path, default=None, help='recompute from these saved curves instead of training')
a = p.parse_args()
if a.curves: curves = json.loads(a.curves.read_text())
else:
    curves = {}
    for seed in a.seeds:
        with tempfile.TemporaryDirectory() as d: res = train_camseq(a.data, size=tuple(a.size), epochs=(3,1), seed=seed, out=d, unfrozen_div=None)   # the unfrozen lr_find too
        curves[str(seed)] = {k: dict(lrs=v['lrs'], losses=v['losses']) for k,v in res.lr_finds.items()}
    a.save.write_text(json.dumps(curves))
for seed,stages in curves.items():
    for stage,c in stages.items():
        n = len(c['lrs']); lrs,losses = torch.tensor(c['lrs'][n//10:-5]),torch.tensor(c['losses'][n//10:-5])   # as `_lr_find` trims
        print(f"seed {seed} {stage:9s} minimum {minimum(lrs, losses, n)[0]:.2g}  minimum_or_valley {minimum_or_valley(lrs, losses, n)[0]:.2g}")
