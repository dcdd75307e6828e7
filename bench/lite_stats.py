"""Which input statistics suit the EfficientNet-Lite weights? `train_camseq`'s defaults on CamVid-11, per seed, with Lite0
normalised by ImageNet's mean/std (segfast's registration) or by TF-Lite's (127, 128) scaling (the TensorFlow originals'),
printing the final void-excluded accuracy and mean IoU, and mean ± std per choice.

    OMP_NUM_THREADS=1 python bench/lite_stats.py [--data ../shared/data/camvid11] [--size 96 128] [--epochs 3 3] [--seeds 42 7]
"""
import argparse, tempfile, torch, numpy as np
from pathlib import Path
from fastai.vision.all import imagenet_stats
from segfast.data import find_data
from segfast.models import ARCHS, register_encoder, efficientnet_lite0
from segfast.learn import train_camseq

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument('--data', type=Path, default=find_data('camvid11'), help='CamVid-11 in SegNet layout')
p.add_argument('--size', type=int, nargs=2, default=(96,128))
p.add_argument('--epochs', type=int, nargs=2, default=(3,3))
p.add_argument('--seeds', type=int, nargs='+', default=[42,7])
a = p.parse_args()
if a.data is None: raise SystemExit("no dataset: pass --data (shared/data/camvid11 was not found)")
lite = ARCHS['efficientnet_lite0']
register_encoder('efficientnet_lite0_tf', efficientnet_lite0, cut=19, split=lite.split, stats=([127/255]*3, [128/255]*3), weights='offline')
print(f"threads {torch.get_num_threads()}, size {a.size}, epochs {a.epochs}, seeds {a.seeds}", flush=True)
scores = {}
for seed in a.seeds:
    for arch,name in (('efficientnet_lite0','imagenet stats'), ('efficientnet_lite0_tf','TF-Lite 127/128')):
        with tempfile.TemporaryDirectory() as d:
            res = train_camseq(a.data, arch=arch, size=tuple(a.size), epochs=tuple(a.epochs), seed=seed, out=d)
        f = res.final; scores.setdefault(name, []).append((f['acc_void'], f['miou']))
        print(f"RESULT seed {seed} {name}: lrs {res.lrs}; acc_void {f['acc_void']:.4f}, miou {f['miou']:.4f}", flush=True)
print("\nstats: acc_void mean ± std, miou mean ± std over seeds", a.seeds)
for name,s in scores.items():
    s = np.array(s); print(f"{name:16s} {s[:,0].mean():.4f} ± {s[:,0].std():.4f}   {s[:,1].mean():.4f} ± {s[:,1].std():.4f}")
