"""Which unfrozen learning rate holds across seeds? For each seed, `train_camseq`'s frozen stage runs once (defaults:
EfficientNet-Lite0 + LiteUnet, lr_find's `minimum_or_valley`); then, from those same weights, the unfrozen stage is
fitted once per rule for the top rate r of `slice(r/10, r)`:
  lr_find    - the unfrozen `lr_find` suggestion (`minimum_or_valley`; the default so far)
  frozen/N   - the frozen stage's rate divided by N (fastai's lesson 3 uses frozen/4, `fine_tune` frozen/2)
and the final void-excluded accuracy and mean IoU are printed, with mean and spread over the seeds per rule.

    OMP_NUM_THREADS=1 python bench/unfrozen_rules.py [--data ../shared/data/camvid11] [--size 96 128] [--epochs 3 3] [--seeds 42 7 1] [--rules lr_find frozen/4 frozen/10 frozen/30]
"""
import argparse, tempfile, torch, numpy as np
from pathlib import Path
from segfast.data import find_data
from segfast.learn import train_camseq, TrainResults, _lr_find, _reseed

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument('--data', type=Path, default=find_data('camvid11'), help='CamVid-11 in SegNet layout')
p.add_argument('--size', type=int, nargs=2, default=(96,128))
p.add_argument('--epochs', type=int, nargs=2, default=(3,3))
p.add_argument('--seeds', type=int, nargs='+', default=[42,7,1])
p.add_argument('--rules', nargs='+', default=['lr_find','frozen/4','frozen/10','frozen/30'])
p.add_argument('--lr-find-its', type=int, default=100)
a = p.parse_args()
if a.data is None: raise SystemExit("no dataset: pass --data (shared/data/camvid11 was not found)")
print(f"threads {torch.get_num_threads()}, size {a.size}, epochs {a.epochs}, seeds {a.seeds}", flush=True)
scores = {r:[] for r in a.rules}
for seed in a.seeds:
    with tempfile.TemporaryDirectory() as d:
        res = train_camseq(a.data, size=tuple(a.size), epochs=(a.epochs[0],0), seed=seed, out=d, lr_find_its=a.lr_find_its)
        learn,fr = res.learn,res.lrs['frozen']
        learn.save('after_frozen')
        learn.unfreeze(); _reseed(seed, 6, learn)
        sug = _lr_find(learn, a.lr_find_its, 'unfrozen', TrainResults())
        for rule in a.rules:
            r = sug if rule=='lr_find' else fr/float(rule.split('/')[1])
            learn.load('after_frozen'); learn.unfreeze(); learn.opt.clear_state(); _reseed(seed, 7, learn)
            with learn.no_bar(), learn.no_logging(): learn.fit_one_cycle(a.epochs[1], slice(r/10, r))
            v = dict(zip(learn.recorder.metric_names[1:-1], learn.recorder.values[-1]))
            scores[rule].append((v['acc_void'], v['miou']))
            print(f"RESULT seed {seed} frozen {fr:.3g} rule {rule}: top rate {r:.3g}; acc_void {v['acc_void']:.4f}, miou {v['miou']:.4f}", flush=True)
print("\nrule: acc_void mean ± std, miou mean ± std (min..max) over seeds", a.seeds)
for rule,s in scores.items():
    s = np.array(s)
    print(f"{rule:10s} {s[:,0].mean():.4f} ± {s[:,0].std():.4f}   {s[:,1].mean():.4f} ± {s[:,1].std():.4f} ({s[:,1].min():.4f}..{s[:,1].max():.4f})")
