"""How stable is the unfrozen stage's `lr_find` learning rate (`unfrozen_div=None`; the default is now the frozen rate / 4, see bench/unfrozen_rules.py)? `train_camseq` on CamVid-11, per seed, printing the rates
used (the unfrozen one is `lr_find`'s `minimum_or_valley`, in practice `valley`) and the final accuracy and mean IoU.
Run it with OMP_NUM_THREADS=1 and =2: the thread count alone changes the float sums, and so the suggestion.

    OMP_NUM_THREADS=1 python bench/unfrozen_rate.py [--data ../shared/data/camvid11] [--size 96 128] [--epochs 3 3] [--seeds 42 7]
"""
import argparse, tempfile, torch
from pathlib import Path
from segfast.data import find_data
from segfast.learn import train_camseq

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument('--data', type=Path, default=find_data('camvid11'), help='CamVid-11 in SegNet layout')
p.add_argument('--size', type=int, nargs=2, default=(96,128))
p.add_argument('--epochs', type=int, nargs=2, default=(3,3))
p.add_argument('--seeds', type=int, nargs='+', default=[42,7])
a = p.parse_args()
if a.data is None: raise SystemExit("no dataset: pass --data (shared/data/camvid11 was not found)")
for seed in a.seeds:
    with tempfile.TemporaryDirectory() as d:
        res = train_camseq(a.data, size=tuple(a.size), epochs=tuple(a.epochs), seed=seed, out=d, unfrozen_div=None)   # the unfrozen lr_find, as measured
    print(f"RESULT seed {seed} threads {torch.get_num_threads()}: lr frozen {res.lrs['frozen']:.3g}, unfrozen {res.lrs['unfrozen']:.3g}; "
          f"acc_void {res.final['acc_void']:.4f}, miou {res.final['miou']:.4f}", flush=True)
