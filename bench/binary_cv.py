"""Binary segmentation scored the way a user meets it: lungs by seeded k-fold cross-validation on the 59 Shenzhen X-rays,
pets on the trimap validation split (border void) over several training seeds. Each model is scored at the labels' own
resolution (512x512 for the X-rays, each photo's size for pets) with segfast's scale-aware prediction
(`segfast.interpret.evaluate_pairs`: resize to the training size, predict, upsample the probabilities), foreground
Dice and IoU over the whole held-out set (`dice`, `iou`); beside it the same IoU predicted the plain fastai way
(`iou_resize_up`: `test_dl` resizes, predict, upsample the probabilities: the same computation but for PIL's against
torch's resampling, so the two agree by construction), at the network's native scale (`iou_native`: the image at its
own size, as `predict` did before scale-aware prediction) and the validation metric at the training size
(`iou_train_size`), and segfast's prediction averaged with the flipped one (`iou_tta`, `tta=True`); per fold/seed, then mean ± std per config.

    python bench/binary_cv.py lungs [--size 128] [--epochs 20] [--folds 5] [--configs recipe xray_aug ...] [--out FILE]
    python bench/binary_cv.py pets  [--size 160] [--epochs 8] [--seeds 42 7] [--configs lite0 ...] [--out FILE]
    python bench/binary_cv.py em    [--size 192] [--epochs 16] [--seeds 42 7] [--configs leaky lite0 ...] [--out FILE]

EM: the ISBI 2012 slices with the tutorial's split (the last block held out, one slice apart), membranes as class 1.

The folds are the same for every config (a permutation of the sorted files drawn with --fold-seed); each config trains
with the same seed in every fold. Results are rewritten after each run, so an interrupted run keeps what it finished.
"""
import argparse, sys, tempfile, time
from pathlib import Path
from fastai.vision.all import *
from segfast.data import find_data, folder_pairs, pairs_dls, pets_split, video_block_split, kfold_split, SegAugment, atomic_file
from segfast.binary import pets_dls
from segfast.learn import seg_learner
from segfast.interpret import evaluate_pairs, label_reader
from segfast.predict import resize_bilinear
from segfast.metrics import confusion_counts
from segfast.data import void_index, seg_codes

XRAY_AUG = dict(max_lighting=0.4, gamma=(0.67,1.5))   # X-ray intensity: stronger contrast/brightness and a gamma curve
CONFIGS = {   # name -> (seg_learner kwargs, SegAugment kwargs, unfreeze)
    'recipe':       (dict(arch='unet_leaky', pretrained=False, loss_func='bce_dice'), {}, False),   # lungs tutorial's best
    'xray_aug':     (dict(arch='unet_leaky', pretrained=False, loss_func='bce_dice'), XRAY_AUG, False),
    'lite0':        (dict(arch='efficientnet_lite0', loss_func='bce_dice'), {}, True),               # ImageNet, unfrozen
    'lite0_xray':   (dict(arch='efficientnet_lite0', loss_func='bce_dice'), XRAY_AUG, True),
    'lite0_scratch':(dict(arch='efficientnet_lite0', pretrained=False, loss_func='bce_dice'), {}, True),
    'lite0_bce':    (dict(arch='efficientnet_lite0', loss_func='bce'), {}, True),                    # pets tutorial's recipe
    'lite0_lite':   (dict(arch='efficientnet_lite0', decoder='lite', loss_func='bce_dice'), {}, True),  # LiteUnet decoder: ~5x cheaper than DynamicUnet
    'lite0_lite_bce': (dict(arch='efficientnet_lite0', decoder='lite', loss_func='bce'), {}, True),
    'lite0_lite_xray': (dict(arch='efficientnet_lite0', decoder='lite', loss_func='bce_dice'), XRAY_AUG, True),
    'lite0_lite_lovasz': (dict(arch='efficientnet_lite0', decoder='lite', loss_func='bce_lovasz'), {}, True),
    'lite2_lite':   (dict(arch='efficientnet_lite2', decoder='lite', loss_func='bce_dice'), {}, True),
    'leaky':        (dict(arch='unet_leaky', pretrained=False, loss_func='bce_dice'), {}, False),   # = recipe, named for EM
}

def train(dls, cfg:str, epochs:int, lr:float, path:Path)->tuple[Learner,float]:
    "A learner of config `cfg` trained one-cycle on `dls`; and the seconds it took"
    kw,_,unfreeze = CONFIGS[cfg]
    learn = seg_learner(dls, path=path, **kw)
    if unfreeze: learn.unfreeze()
    t0 = time.perf_counter(); learn.fit_one_cycle(epochs, lr); return learn,time.perf_counter()-t0

def resize_upsample_iou(learn, pairs:list)->float:
    "Foreground IoU of the plain fastai way, pooled at the labels' resolution: `test_dl` resizes, predict, upsample the probabilities"
    codes = seg_codes(learn.dls); read,n = label_reader(learn),len(codes)
    cm = torch.zeros(n,n,dtype=torch.long)
    for img,lbl in pairs:
        t = torch.from_numpy(read((img,lbl))); x, = learn.dls.test_dl([img]).one_batch()
        with torch.no_grad(): p = learn.model.eval()(x).float().sigmoid().cpu()
        cm += confusion_counts((resize_bilinear(p, t.shape)[0,0]>0.5).to(torch.uint8), t, n, void_index(codes))   # void pixels of the truth left out
    return (cm[1,1]/(cm[1,1]+cm[0,1]+cm[1,0])).item()

def score(learn, pairs:list)->dict:
    """Foreground Dice and IoU at the labels' resolution (segfast's prediction, at the image's own size), the same at the
    network's native scale and the plain resize-predict-upsample way, and IoU at the training size (the validation metric);
    `iou_tta`: segfast's prediction averaged with the horizontally flipped one (`tta=True`)"""
    s = evaluate_pairs(learn, pairs).summary
    names = learn.recorder.metric_names[1:-1]; last = dict(zip(names, learn.recorder.values[-1]))
    return dict(dice=s['dice'], iou=s['iou'], iou_tta=evaluate_pairs(learn, pairs, tta=True).summary['iou'], iou_resize_up=resize_upsample_iou(learn, pairs),
                iou_native=evaluate_pairs(learn, pairs, scale='native').summary['iou'], iou_train_size=float(last['iou']))

SCORES = ('dice','iou','iou_tta','iou_resize_up','iou_native','iou_train_size')   # `score`'s columns, in the order the summary shows them

def summarise(df:pd.DataFrame)->str:
    g = df.groupby('config', sort=False)[[k for k in (*SCORES,'seconds') if k in df]]
    m,s,w = g.mean(),g.std(ddof=1),max(map(len, df.config))
    sd = lambda v: '–' if np.isnan(v) else f"{v:.4f}"     # one run: no spread
    return '\n'.join(f"{c:{w}s} " + '  '.join(f"{k} {m.loc[c,k]:.4f} ± {sd(s.loc[c,k])}" for k in SCORES if k in m)
                     + f"  (n={len(df[df.config==c])}, {m.loc[c,'seconds']:.0f} s each)" for c in m.index)

def write(out:Path, header:str, df:pd.DataFrame):
    text = f"{header}\n\n{df.to_string(index=False, float_format=lambda v: f'{v:.4f}')}\n\nmean ± std (sample std over folds/seeds)\n{summarise(df)}\n"
    with atomic_file(out) as tmp: Path(tmp).write_text(text)
    print(text, flush=True)

def lungs_runs(a):
    "Yield (config, fold, seed, dls, valid pairs) for k-fold CV on the X-rays"
    data = a.data or find_data('cxr_lungs')
    if data is None: raise SystemExit("no dataset: pass --data (shared/data/cxr_lungs was not found)")
    pairs = sorted(folder_pairs(data/'images', data/'masks'), key=lambda p: p[0].name)
    folds = kfold_split(len(pairs), a.folds, a.fold_seed)
    for f in (a.only_folds or range(a.folds)):
        for cfg in a.configs:
            set_seed(a.seeds[0], reproducible=True)
            dls = pairs_dls(pairs, folds[f], ['background','lung'], size=a.size, bs=a.bs, threshold=127, aug=CONFIGS[cfg][1], path=a.tmp)
            yield cfg, f, a.seeds[0], dls, [pairs[i] for i in folds[f]]

def pets_runs(a):
    "Yield (config, -, seed, dls, valid pairs) for each training seed on the trimap validation split"
    data = a.data or find_data('oxford_pets')
    if data is None: raise SystemExit("no dataset: pass --data (shared/data/oxford_pets was not found)")
    valid = pets_split(data, 'valid')
    for seed in a.seeds:
        for cfg in a.configs:
            set_seed(seed, reproducible=True)
            dls = pets_dls(data, size=a.size, bs=a.bs, aug=CONFIGS[cfg][1])   # its learner's path: the data folder (nothing is saved)
            yield cfg, -1, seed, dls, valid

def em_runs(a):
    "Yield (config, -, seed, dls, valid pairs) for each training seed on the EM tutorial's held-out block"
    data = a.data or find_data('isbi2012_em')
    if data is None: raise SystemExit("no dataset: pass --data (shared/data/isbi2012_em was not found)")
    pairs = sorted(folder_pairs(data/'images', data/'labels'), key=lambda p: int(p[0].stem))
    train_idx,valid_idx = video_block_split(len(pairs), valid_pct=0.2, gap=1)
    pairs = [pairs[i] for i in train_idx+valid_idx]; valid_idx = list(range(len(train_idx), len(pairs)))
    for seed in a.seeds:
        for cfg in a.configs:
            set_seed(seed, reproducible=True)
            dls = pairs_dls(pairs, valid_idx, ['interior','membrane'], size=a.size, bs=a.bs, value_map={0:1, 255:0}, aug=CONFIGS[cfg][1], path=a.tmp)
            yield cfg, -1, seed, dls, [pairs[i] for i in valid_idx]

if __name__=='__main__':
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('task', choices=('lungs','pets','em'))
    p.add_argument('--data', type=Path, default=None)
    p.add_argument('--size', type=int, default=None, help='training size (square); default 128 lungs, 160 pets, 192 em')
    p.add_argument('--epochs', type=int, default=None, help='default 20 lungs, 8 pets, 16 em')
    p.add_argument('--lr', type=float, default=2e-3)
    p.add_argument('--bs', type=int, default=None, help='default 8 lungs, 16 pets, 4 em')
    p.add_argument('--folds', type=int, default=5)
    p.add_argument('--only-folds', type=int, nargs='+', default=None, help='run only these folds (the split is still --folds)')
    p.add_argument('--fold-seed', type=int, default=42)
    p.add_argument('--seeds', type=int, nargs='+', default=None, help='training seeds; lungs uses the first; default 42 (lungs), 42 7 (pets)')
    p.add_argument('--configs', nargs='+', default=None, choices=list(CONFIGS))
    p.add_argument('--out', type=Path, default=None, help='results file (rewritten after each run)')
    a = p.parse_args()
    lungs = a.task=='lungs'
    default = dict(lungs=(128, 8, 20, ['recipe','xray_aug']), pets=(160, 16, 8, ['lite0_bce']), em=(192, 4, 16, ['leaky','lite0']))[a.task]
    a.size,a.bs,a.epochs = a.size or default[0],a.bs or default[1],a.epochs or default[2]
    a.seeds = a.seeds or ([42] if lungs else [42,7]); a.configs = a.configs or default[3]
    a.out = a.out or Path(__file__).parent/'results'/f'binary_cv_{a.task}_cpu2.txt'
    header = (f"command: python bench/{Path(__file__).name} {' '.join(sys.argv[1:])}\n"
              f"{a.task}: size {a.size}, {a.epochs} epochs one-cycle at {a.lr}, bs {a.bs}; "
              + (f"{a.folds}-fold CV (fold seed {a.fold_seed}), training seed {a.seeds[0]}" if lungs else
                 f"trimap validation split (seed 42, border void), training seeds {a.seeds}" if a.task=='pets' else f"last block of slices held out, training seeds {a.seeds}")
              + "; scored at the labels' own resolution with evaluate_pairs (scale-aware prediction)")
    rows = []
    with tempfile.TemporaryDirectory() as d:
        a.tmp = Path(d)
        for cfg,fold,seed,dls,valid in dict(lungs=lungs_runs, pets=pets_runs, em=em_runs)[a.task](a):
            learn,secs = train(dls, cfg, a.epochs, a.lr, a.tmp)
            rows.append(dict(config=cfg, fold=fold, seed=seed, n_train=len(dls.train_ds), n_valid=len(valid), **score(learn, valid), seconds=round(secs)))
            print(rows[-1], flush=True)
            write(a.out, header, pd.DataFrame(rows))
