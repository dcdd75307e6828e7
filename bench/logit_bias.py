"""Is a thin class missed because the network ranks it second, or because it does not see it? Scores an exported CamVid
model on the validation split at the labels' own resolution (scale-aware prediction, as `segfast evaluate`), with a bias
added to some classes' log-probabilities before the argmax (a prior shift, as class weights in training would give), and
says where the first class's pixels go and how its probability ranks there. No training; accuracy only.

    python bench/logit_bias.py runs/camvid_recipe180_s42/export.pkl [--data ../shared/data/camvid11]
                               [--classes Pole SignSymbol] [--biases 0 0.5 1 1.5 2 3] [--out FILE]
"""
import argparse, sys, warnings
warnings.filterwarnings('ignore', category=FutureWarning)   # fastai's torch.jit.script, on import
from pathlib import Path
import torch
from segfast.data import find_data, atomic_file
from segfast.predict import load_exported, predict_probs, resize_bilinear
from segfast.interpret import split_pairs
from segfast.data import void_index, seg_codes
from segfast.metrics import confusion_counts, class_iou, mean_iou, global_accuracy

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument('model', type=Path, help='an exported CamVid learner (export.pkl)')
p.add_argument('--data', type=Path, default=find_data('camvid11'), help='CamVid-11 in SegNet layout')
p.add_argument('--classes', nargs='+', default=['Pole','SignSymbol'], help='classes whose log-probability is raised (the first is analysed)')
p.add_argument('--biases', type=float, nargs='+', default=[0,0.5,1,1.5,2,3], help='amounts added to their log-probabilities')
p.add_argument('--out', type=Path, help='results file (default: print only)')
a = p.parse_args()
if a.data is None: sys.exit("no dataset: pass --data (shared/data/camvid11 was not found)")
learn = load_exported(a.model)
pairs,read = split_pairs(a.data, 'valid')
codes = list(read.codes); n,void = len(codes),void_index(read.codes)
if list(seg_codes(learn.dls))!=codes: sys.exit(f"the model's classes {list(seg_codes(learn.dls))} are not the data's {codes}: score it on data of its own classes")
if bad := [c for c in a.classes if c not in codes]: sys.exit(f"--classes {bad}: not among {codes}")
cls = [codes.index(c) for c in a.classes]; P = cls[0]
cms = {b: torch.zeros(n,n,dtype=torch.long) for b in a.biases}
rank,probs = torch.zeros(n, dtype=torch.long),[]
for img,lbl in pairs:
    t = torch.from_numpy(read((img,lbl)))
    lp = resize_bilinear(predict_probs(learn, img)[None], t.shape)[0].clamp_min(1e-8).log()
    if void is not None: lp[void] = -torch.inf             # predictions never give void
    m = t==P
    if m.any(): rank += torch.bincount((lp[:,m] > lp[P][m]).sum(0), minlength=n)[:n]; probs.append(lp[P][m].exp())
    for b in a.biases:
        q = lp.clone(); q[cls] += b
        cms[b] += confusion_counts(q.argmax(0).to(torch.uint8), t, n, void)
if not probs: sys.exit(f"no {codes[P]} pixel in the validation split: name a class it has first in --classes")
cm,pp,keep = cms[a.biases[0]],torch.cat(probs),[i for i in range(n) if i!=void]
lines = [f"command: python bench/{Path(__file__).name} {' '.join(sys.argv[1:])}",
         f"{len(pairs)} validation frames of {a.data} at the labels' resolution, predicted at the training scale",
         f"{codes[P]} pixels predicted as (bias {a.biases[0]}): " + ', '.join(f"{codes[j]} {float(cm[P,j])/float(cm[P,keep].sum()):.3f}" for j in keep),
         f"rank of {codes[P]}'s probability on its own pixels (0 = the argmax): " + ', '.join(f"{k}: {v:.3f}" for k,v in enumerate((rank.float()/rank.sum()).tolist()[:6])),
         f"{codes[P]}'s probability on its own pixels: mean {pp.mean():.3f}, median {pp.median():.3f}, 90th percentile {pp.quantile(0.9):.3f}", ""]
for b in a.biases:
    iou = class_iou(cms[b])
    lines.append(f"bias +{b} on {'/'.join(a.classes)}: " + ', '.join(f"{codes[c]} IoU {iou[c]:.3f}" for c in cls) + f", mean IoU {mean_iou(cms[b], ignore=void):.4f}, void-excluded accuracy {global_accuracy(cms[b]):.4f}")
text = '\n'.join(lines)+'\n'; print(text)
if a.out:
    with atomic_file(a.out) as tmp: Path(tmp).write_text(text)
