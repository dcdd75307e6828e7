"""Which parts of a CamVid recipe pay? `train_camseq` at a reduced size with one change at a time against its defaults
(EfficientNet-Lite0 + LiteUnet width 16, flips and a light zoom 1-1.1, cross-entropy): random scale 0.5-2 with crops
(zooming out fills with void), + cross-entropy with Lovász-softmax, + a wider decoder (width 32), + Lite1. Same data, epochs, fixed frozen rate (the
unfrozen one a quarter of it, `unfrozen_div`) and seeds for each config; the kept model (best validation mean IoU) is
scored on the validation split at the labels' own resolution (360x480) with scale-aware prediction (`evaluate_pairs`):
void-excluded accuracy, mean IoU and every class's IoU, then mean ± sample std over seeds. Accuracy only: it may run
beside other work (OMP_NUM_THREADS=1). Results are rewritten after each run.

    python bench/camvid_recipe.py [--data ../shared/data/camvid11] [--size 180 240] [--epochs 3 3] [--lr 0.05]
                                  [--seeds 42 7] [--configs defaults scale ...] [--out FILE]
    python bench/camvid_recipe.py --merge A.csv B.csv --out FILE   # one table from runs made in separate processes

Each run's row is also kept in FILE's .csv, so seeds run side by side (one process each) can be merged.
"""
import argparse, sys, tempfile, time
from pathlib import Path
from fastai.vision.all import *
from segfast.data import find_data, atomic_file
from segfast.learn import train_camseq
from fastcore.docments import docments
from segfast.interpret import evaluate_pairs, split_pairs
from segfast.metrics import class_iou

SCALE = dict(scale=(0.5,2.))
CONFIGS = {   # name -> `train_camseq` keyword arguments (plain data, as a preset holds them)
    'defaults':     {},
    'scale':        dict(aug=SCALE),
    'scale_lovasz': dict(aug=SCALE, loss_func='ce_lovasz'),
    'scale_w32':    dict(aug=SCALE, model_kwargs=dict(width=32)),
    'scale_lite1':  dict(aug=SCALE, arch='efficientnet_lite1'),
    'recipe':       dict(aug=SCALE, loss_func='ce_lovasz', model_kwargs=dict(width=32)),   # RECIPES['camvid_full']'s choices together, before its class weights (recipe_thin5)
    'recipe_ohem':  dict(aug=SCALE, loss_func='ohem_lovasz', model_kwargs=dict(width=32)),   # the recipe with its cross-entropy over hard pixels only (OHEM, true-class probability < 0.7)
    'recipe_thin5': dict(aug=SCALE, loss_func='ce_lovasz', model_kwargs=dict(width=32), class_weights=[1,1,5,1,1,1,5]+[1]*5),   # the recipe with pole's and sign's cross-entropy weighted 5x (CamVid-11's codes; void's weight unused)
    'recipe_os1':   dict(aug=SCALE, loss_func='ce_lovasz', model_kwargs=dict(width=16, out_stride=1)),   # the recipe's decoder widths (256..32) plus a full-size stage of 16: logits at stride 1, not 2
}

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument('--data', type=Path, default=find_data('camvid11'), help='CamVid-11 in SegNet layout')
p.add_argument('--size', type=int, nargs=2, default=(180,240), help='training height width')
p.add_argument('--epochs', type=int, nargs=2, default=(3,3), help='epochs frozen, unfrozen')
p.add_argument('--lr', type=float, default=0.05, help='frozen rate (fixed: lr_find noise is not what is compared)')
p.add_argument('--seeds', type=int, nargs='+', default=[42,7])
p.add_argument('--configs', nargs='+', default=['defaults','scale','scale_lovasz','scale_w32'], choices=list(CONFIGS))
p.add_argument('--out', type=Path, help='results file (default: bench/results/camvid_recipe_cpu2.txt; needed with --merge)')
p.add_argument('--merge', type=Path, nargs='+', help="no training: summarise the rows these runs' .csv files hold")
a = p.parse_args()

def write_summary(rows, header):
    "Write `rows`, and their mean ± sample std over seeds per config, to `a.out` (and the rows to its .csv); return the text"
    df = pd.DataFrame(rows); g = df.groupby('config', sort=False)
    m,s = g.mean(numeric_only=True),g.std(ddof=1, numeric_only=True)
    cols = [c for c in df.columns if c not in ('config','seed','train_s')]
    summ = '\n'.join(f"{c:13s} n={len(df[df.config==c])}  " + '  '.join(f"{k} {m.loc[c,k]:.3f}±{s.loc[c,k]:.3f}" for k in cols) for c in m.index)
    text = f"{header}\n\n{df.to_string(index=False, float_format=lambda v: f'{v:.3f}')}\n\nmean ± sample std over seeds\n{summ}\n"
    with atomic_file(a.out) as tmp: Path(tmp).write_text(text)
    with atomic_file(a.out.with_suffix('.csv')) as tmp: df.to_csv(tmp, index=False)
    return text

if a.merge:
    if a.out is None: raise SystemExit("--merge writes a new table: give --out FILE (the default is a committed result)")
    df = pd.concat([pd.read_csv(f) for f in a.merge])
    if df.duplicated(['config','seed']).any(): raise SystemExit(f"--merge: {df[df.duplicated(['config','seed'])][['config','seed']].values.tolist()} appear twice: one row per config and seed")
    heads = [f.with_suffix('.txt').read_text().split('\n\n')[0] for f in a.merge]
    print(write_summary(df.to_dict('records'), f"merged from {' '.join(map(str, a.merge))}:\n" + '\n'.join(heads)))
    sys.exit()
a.out = a.out or Path(__file__).parent/'results'/'camvid_recipe_cpu2.txt'
if a.data is None: raise SystemExit("no dataset: pass --data (shared/data/camvid11 was not found)")
header = (f"command: OMP_NUM_THREADS={torch.get_num_threads()} python bench/{Path(__file__).name} {' '.join(sys.argv[1:])}\n"
          f"CamVid-11 train {tuple(a.size)}, epochs {tuple(a.epochs)}, frozen lr {a.lr} (unfrozen lr/{docments(train_camseq, full=True)['unfrozen_div'].default}), seeds {a.seeds}; "
          f"kept model scored on the validation split at 360x480 (labels' own resolution, scale-aware prediction); CPU threads {torch.get_num_threads()}")
pairs,reader = split_pairs(a.data, 'valid')
rows = []
for seed in a.seeds:
    for cfg in a.configs:
        t0 = time.perf_counter()
        with tempfile.TemporaryDirectory() as d:
            res = train_camseq(a.data, size=tuple(a.size), epochs=tuple(a.epochs), lr=a.lr, seed=seed, out=d, **CONFIGS[cfg])
            secs = time.perf_counter()-t0
            ev = evaluate_pairs(res.learn, pairs, reader=reader); iou = class_iou(ev.cm)
        rows.append(dict(config=cfg, seed=seed, acc_void=ev.summary['accuracy'], miou=ev.summary['miou'],
                         **{c: float(v) for i,(c,v) in enumerate(zip(ev.codes, iou)) if i!=ev.void_idx}, train_s=round(secs)))
        print(rows[-1], flush=True)
        text = write_summary(rows, header)
print(text)
