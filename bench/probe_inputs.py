"""Probe segfast with bad or odd inputs, as a new user would, and sort each outcome.

Each case builds its inputs in a temporary folder, runs the CLI (or a short API script) in a subprocess and is
sorted into one of:
  right      - the result is correct (checked), or the input is refused up front with one clear line naming it
  silent     - exit 0 but the result is wrong
  traceback  - a raw Python traceback reached the user (CLI) / an error that names neither the file nor the value (API)
  misleading - a one-line error that does not name what is wrong

    OMP_NUM_THREADS=1 python bench/probe_inputs.py [--only NAME ...]   # ~5 min on 2 CPU cores
"""
import sys, os, subprocess, tempfile, shutil, argparse, textwrap, time
from pathlib import Path
import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT/'data'/'camvid11_sample'
CLI = [sys.executable, '-c', 'import sys; from segfast.cli import main; sys.exit(main(sys.argv[1:]))']

def run_cli(*args, timeout=600, **kw):
    r = subprocess.run([*CLI, *map(str, args)], capture_output=True, text=True, timeout=timeout, **kw)
    return r.returncode, r.stdout, r.stderr

def run_py(code, timeout=600):
    r = subprocess.run([sys.executable, '-c', textwrap.dedent(code)], capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    return r.returncode, r.stdout, r.stderr

def cli_error(rc, out, err, *names):
    "Sort a CLI run that should refuse its input"
    if 'Traceback' in err: return 'traceback', err.strip().splitlines()[-1][:160]
    if rc==0: return 'silent', 'exit 0'
    msg = [l for l in err.strip().splitlines() if l.strip()]
    line = msg[-1] if msg else ''
    if not all(str(n) in err for n in names): return 'misleading', line[:160]
    return 'right', line[:160]

def api_result(rc, out, err, *names, must_work=False):
    "Sort an API script: it prints OK/WRONG, or raises (a wrong answer when `must_work`, else right if it names `names`)"
    if rc==0: return ('right', out.strip().splitlines()[-1][:160]) if 'OK' in out else ('silent', out.strip()[-160:])
    last = err.strip().splitlines()[-1] if err.strip() else ''
    if must_work: return 'traceback', last[:160]
    if names and not all(str(n) in last for n in names): return 'traceback', last[:160]
    return 'right', last[:160]

def png(fname, a): Path(fname).parent.mkdir(parents=True, exist_ok=True); Image.fromarray(a).save(fname)

def mask_folder(d, values, n=8, size=(64,64)):
    "images/ and masks/ with masks drawn from `values` (a square of values[1:] on values[0])"
    rng = np.random.default_rng(0)
    for i in range(n):
        png(d/'images'/f'im{i}.png', rng.integers(0,255,(*size,3),dtype=np.uint8))
        m = np.full(size, values[0], np.uint8); m[8:40, 8+i:40+i] = values[1]
        if len(values)>2: m[44:60, 44:60] = values[2]
        png(d/'masks'/f'im{i}.png', m)
    return d

def segnet_copy(d):
    shutil.copytree(SAMPLE, d, dirs_exist_ok=True); return d

MODEL = {}
def tiny_model(tmp):
    "An exported learner trained for one step on the embedded sample (shared by the cases that need a model)"
    if 'export' not in MODEL:
        out = tmp/'model'
        rc,o,e = run_cli('train', '--data', SAMPLE, '--size', 32, 48, '--epochs', 1, 1, '--bs', 4, '--lr', 1e-3,
                         '--lr-find-its', 0, '--out', out, '--no-pretrained', '--workers', 0)
        if rc: raise SystemExit(f"could not train the probe's model:\n{e[-2000:]}")
        MODEL['export'] = out/'export.pkl'
    return MODEL['export']

CASES = {}
def case(f): CASES[f.__name__] = f; return f

@case
def masks_01(t):
    d = mask_folder(t/'ds', (0,1))
    return api_result(*run_py(f"""
        from segfast.data import seg_dls, SegDataError
        try: dls = seg_dls('{d}', size=(32,32), bs=2, valid_pct=0.25)
        except Exception as e:
            if 'not a known layout' not in str(e) and not isinstance(e, TypeError): raise
            from segfast.data import folder_dls; dls = folder_dls('{d}/images', '{d}/masks', size=(32,32), bs=2)
        y = dls.train.one_batch()[1]
        print('OK' if int(y.max())==1 else f'WRONG: labels read as {{y.unique().tolist()}}')"""), 'masks')

@case
def masks_trimap_123(t):
    d = mask_folder(t/'ds', (2,1,3))
    return api_result(*run_py(f"""
        from segfast.data import seg_dls
        try: dls = seg_dls('{d}', size=(32,32), bs=2, valid_pct=0.25)
        except Exception as e:
            if 'not a known layout' not in str(e) and not isinstance(e, TypeError): raise
            from segfast.data import folder_dls; dls = folder_dls('{d}/images', '{d}/masks', size=(32,32), bs=2)
        y = dls.train.one_batch()[1]
        print('OK' if len(y.unique())>=2 else f'WRONG: labels read as {{y.unique().tolist()}}')"""), 'masks')

@case
def validate_masks_01(t):
    d = mask_folder(t/'ds', (0,1))
    return api_result(*run_py(f"""
        from segfast.validate import validate_dataset
        from segfast.data import seg_dls
        rep = validate_dataset('{d}/images', masks='{d}/masks')
        from segfast.data import folder_dls
        try: y = folder_dls('{d}/images', '{d}/masks', size=(32,32), bs=2).train.one_batch()[1]; read = int(y.max())==1
        except Exception as e: read = False
        print('OK' if rep.ok==read else f'WRONG: validate says ok={{rep.ok}}, reading it right={{read}}')"""))

@case
def segnet_binary_no_codes(t):
    d = t/'ds'; rng = np.random.default_rng(0)
    for s,n in (('train',6),('val',2)):
        lines = []
        for i in range(n):
            png(d/s/f'{s}{i}.png', rng.integers(0,255,(32,48,3),dtype=np.uint8))
            m = np.zeros((32,48),np.uint8); m[4:20,4:30] = 1; png(d/f'{s}annot'/f'{s}{i}.png', m)
            lines.append(f'{s}/{s}{i}.png {s}annot/{s}{i}.png')
        (d/f'{s}.txt').write_text('\n'.join(lines)+'\n')
    return api_result(*run_py(f"""
        from segfast.data import seg_dls, seg_codes
        dls = seg_dls('{d}', size=(32,48), bs=2)
        c = seg_codes(dls)
        print('OK' if len(c)<=3 else f'WRONG: {{len(c)}} classes {{c[:4]}}...')"""), 'codes')

@case
def bom_train_txt(t):
    d = segnet_copy(t/'ds'); f = d/'train.txt'
    f.write_bytes(b'\xef\xbb\xbf'+f.read_bytes())
    return api_result(*run_py(f"""
        from segfast.data import seg_dls
        dls = seg_dls('{d}', size=(32,48), bs=2)
        print('OK' if len(dls.train_ds)==10 else f'WRONG: {{len(dls.train_ds)}} training items')"""), must_work=True)

@case
def duplicate_entries(t):
    d = segnet_copy(t/'ds'); f = d/'train.txt'
    lines = f.read_text().splitlines(); f.write_text('\n'.join(lines+lines[:2])+'\n')
    return api_result(*run_py(f"""
        from segfast.data import seg_dls
        dls = seg_dls('{d}', size=(32,48), bs=2)
        print('OK' if len(dls.train_ds)==10 else f'WRONG: {{len(dls.train_ds)}} training items, 2 duplicated')"""), 'train')

@case
def valid_frame_in_train(t):
    d = segnet_copy(t/'ds')
    (d/'train.txt').write_text((d/'train.txt').read_text()+(d/'val.txt').read_text().splitlines()[0]+'\n')
    return api_result(*run_py(f"""
        from segfast.data import seg_dls
        dls = seg_dls('{d}', size=(32,48), bs=2)
        print('WRONG: a validation frame is also in training')"""), 'val')

@case
def symlink_loop(t):
    d = mask_folder(t/'ds', (0,255), n=4)
    os.symlink(d/'images', d/'images'/'loop')
    return api_result(*run_py(f"""
        from segfast.data import seg_dls
        try: dls = seg_dls('{d}', size=(32,32), bs=2, valid_pct=0.25)
        except Exception as e:
            if 'not a known layout' not in str(e) and not isinstance(e, TypeError): raise
            from segfast.data import folder_dls; dls = folder_dls('{d}/images', '{d}/masks', size=(32,32), bs=2)
        n = len(dls.train_ds)+len(dls.valid_ds)
        print('OK' if n==4 else f'WRONG: {{n}} items from 4 images')"""), 'loop')

@case
def truncated_image_api(t):
    d = segnet_copy(t/'ds'); f = d/'train'/'0001TP_006690.png'
    f.write_bytes(f.read_bytes()[:2000])
    return api_result(*run_py(f"""
        from segfast.data import seg_dls
        dls = seg_dls('{d}', size=(32,48), bs=2)
        for b in dls.train: pass
        print('WRONG: a truncated image was read')"""), '0001TP_006690')

@case
def truncated_image_no_validate(t):
    d = segnet_copy(t/'ds'); f = d/'train'/'0001TP_006690.png'
    f.write_bytes(f.read_bytes()[:2000])
    return cli_error(*run_cli('train', '--data', d, '--size', 32, 48, '--epochs', 1, 1, '--bs', 4, '--lr', 1e-3, '--lr-find-its', 0,
                              '--no-pretrained', '--no-validate', '--out', t/'run'), '0001TP_006690')

@case
def bs_larger_than_train(t):
    rc,o,e = run_cli('train', '--data', SAMPLE, '--size', 32, 48, '--epochs', 1, 1, '--bs', 64, '--lr', 1e-3,
                     '--lr-find-its', 0, '--no-pretrained', '--out', t/'run')
    if rc==0 and 'bs=64 is larger than the training set' in e: return 'right', 'lowered to the training set, with a warning'
    return cli_error(rc,o,e, '--bs')

@case
def out_is_a_file(t):
    f = t/'afile'; f.write_text('x')
    return cli_error(*run_cli('train', '--data', SAMPLE, '--size', 32, 48, '--epochs', 1, 1, '--lr', 1e-3, '--lr-find-its', 0,
                              '--no-pretrained', '--out', f), 'afile')

@case
def size_zero(t):
    return cli_error(*run_cli('train', '--data', SAMPLE, '--size', 0, 0, '--epochs', 1, 1, '--lr', 1e-3, '--lr-find-its', 0,
                              '--no-pretrained', '--out', t/'run'), '--size')

@case
def epochs_zero(t):
    rc,o,e = run_cli('train', '--data', SAMPLE, '--size', 32, 48, '--epochs', 0, 0, '--lr', 1e-3, '--lr-find-its', 0,
                     '--no-pretrained', '--out', t/'run')
    return cli_error(rc,o,e, '--epochs')

@case
def lr_negative(t):
    return cli_error(*run_cli('train', '--data', SAMPLE, '--size', 32, 48, '--epochs', 1, 1, '--lr', -0.01, '--lr-find-its', 0,
                              '--no-pretrained', '--out', t/'run'), '--lr')

@case
def lr_huge(t):
    rc,o,e = run_cli('train', '--data', SAMPLE, '--size', 32, 48, '--epochs', 1, 1, '--bs', 4, '--lr', 1e6, '--lr-find-its', 0,
                     '--no-pretrained', '--out', t/'run', '--workers', 0)
    if rc==0: return 'silent', f"exit 0, export written: {(t/'run'/'export.pkl').exists()}"
    return cli_error(rc,o,e)

@case
def model_is_pth(t):
    m = tiny_model(t.parent); f = m.parent/'models'/'best.pth'
    return cli_error(*run_cli('predict', f, SAMPLE/'val', '--out', t/'pred'), 'best.pth')

@case
def model_truncated(t):
    m = tiny_model(t.parent); f = t/'export.pkl'; f.write_bytes(m.read_bytes()[:5000])
    return cli_error(*run_cli('predict', f, SAMPLE/'val', '--out', t/'pred'), 'export.pkl')

@case
def model_text_file(t):
    f = t/'model.pkl'; f.write_text('not a model\n')
    return cli_error(*run_cli('evaluate', f, '--data', SAMPLE, '--out', t/'ev'), 'model.pkl')

@case
def tile_not_32(t):
    m = tiny_model(t.parent)
    rc,o,e = run_cli('predict', m, SAMPLE/'val', '--out', t/'pred', '--tile', 100)
    if rc!=0 and e.count('100')>=1 and len([l for l in e.splitlines() if l.strip()])==1: return cli_error(rc,o,e,'--tile')
    return ('misleading' if rc else 'silent'), (e.strip().splitlines() or [''])[-1][:160] + f' ({len(e.splitlines())} lines)'

@case
def predict_16bit(t):
    m = tiny_model(t.parent); src = SAMPLE/'val'/sorted(os.listdir(SAMPLE/'val'))[0]
    a8 = np.asarray(Image.open(src).convert('L')); (t/'in8').mkdir(); (t/'in16').mkdir()
    Image.fromarray(a8).save(t/'in8'/'x.png'); Image.fromarray(a8.astype(np.uint16)*257).save(t/'in16'/'x.png')
    for s in ('8','16'):
        rc,o,e = run_cli('predict', m, t/f'in{s}', '--out', t/f'out{s}')
        if rc: return cli_error(rc,o,e)
    p8,p16 = [np.asarray(Image.open(next((t/f'out{s}').rglob('*_P.png')))) for s in ('8','16')]
    agree = (p8==p16).mean()
    return ('right' if agree>0.99 else 'silent'), f'agreement with the 8-bit copy {agree:.3f}'

@case
def predict_same_stems(t):
    m = tiny_model(t.parent); src = SAMPLE/'val'/sorted(os.listdir(SAMPLE/'val'))[0]; im = Image.open(src).convert('RGB')
    for f in ('a/frame.png','b/frame.png','frame.jpg'): (t/'in'/f).parent.mkdir(parents=True, exist_ok=True); im.save(t/'in'/f)
    rc,o,e = run_cli('predict', m, t/'in', '--out', t/'out')
    if rc: return cli_error(rc,o,e,'frame')
    n = len(list((t/'out').rglob('*_P.png')))
    return ('right' if n==3 else 'silent'), f'{n} outputs for 3 inputs'

@case
def unet_leaky_default(t):
    return api_result(*run_py(f"""
        from segfast.data import seg_dls
        from segfast.learn import seg_learner
        dls = seg_dls('{SAMPLE}', size=(32,48), bs=2)
        learn = seg_learner(dls, 'unet_leaky')
        print('OK')"""), must_work=True)

@case
def autocast_after_nan(t):
    return api_result(*run_py(f"""
        import torch
        from segfast.data import seg_dls
        from segfast.learn import seg_learner
        from segfast.callbacks import NonFiniteLossError
        dls = seg_dls('{SAMPLE}', size=(32,48), bs=2)
        learn = seg_learner(dls, 'resnet18', pretrained=False, precision='bf16')
        try: learn.fit(1, 1e9)
        except NonFiniteLossError: pass
        y = torch.randn(4,4)@torch.randn(4,4)
        print('OK' if y.dtype==torch.float32 else f'WRONG: matmul returns {{y.dtype}} after the error')"""), must_work=True)

@case
def onnx_360x480(t):
    return api_result(*run_py(f"""
        import torch
        from segfast.data import seg_dls
        from segfast.learn import seg_learner
        from segfast.export import export_onnx, onnx_parity
        dls = seg_dls('{SAMPLE}', size=(32,48), bs=2)
        learn = seg_learner(dls, 'resnet18', pretrained=False, decoder='unet')
        f = export_onnx(learn.model, '{t}/m.onnx', size=(360,480))
        par = onnx_parity(learn.model, f, torch.randn(1,3,360,480))
        print('OK', par)"""), must_work=True)

@case
def compare_configs_path(t):
    return api_result(*run_py(f"""
        from segfast.data import seg_dls
        from segfast.learn import seg_learner
        from segfast.compare import compare_configs
        make_dls = lambda: seg_dls('{SAMPLE}', size=(32,48), bs=4, num_workers=0)
        rows,summary,learners = compare_configs(make_dls, {{'a':dict(arch='resnet18', pretrained=False)}}, epochs=1, lr=1e-3)
        l = list(learners.values())[0] if isinstance(learners, dict) else learners[0]
        l.save('probe'); print('OK')"""), must_work=True)

@case
def progress_to_file(t):
    log = t/'log.txt'
    with open(log, 'w') as f:
        r = subprocess.run([*CLI, *map(str, ['train', '--data', SAMPLE, '--size', 32, 48, '--epochs', 1, 1, '--bs', 4, '--lr', 1e-3,
                            '--lr-find-its', 0, '--no-pretrained', '--out', t/'run', '--workers', 0])], stdout=f, stderr=subprocess.STDOUT)
    s = log.read_text()
    if r.returncode: return 'traceback', s.strip().splitlines()[-1][:160]
    return ('right' if '\r' not in s else 'silent'), f"{s.count(chr(13))} carriage returns in the log"

@case
def sigint(t):
    p = subprocess.Popen([*CLI, *map(str, ['train', '--data', SAMPLE, '--size', 64, 96, '--epochs', 1, 20, '--bs', 4, '--lr', 1e-3,
                          '--lr-find-its', 0, '--no-pretrained', '--out', t/'run', '--workers', 0])],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while p.poll() is None and not (t/'run'/'models'/'stage_end.pth').exists(): time.sleep(0.1)   # the frozen stage has ended
    p.send_signal(2); o,e = p.communicate(timeout=120)
    if 'Traceback' in e: return 'traceback', e.strip().splitlines()[-1][:160]
    return ('right' if p.returncode==130 and '--resume' in e+o else 'misleading'), f'exit {p.returncode}: ' + (e.strip().splitlines() or [''])[-1][:140]

def main():
    p = argparse.ArgumentParser(); p.add_argument('--only', nargs='*'); args = p.parse_args()
    names = args.only or list(CASES)
    tmp = Path(tempfile.mkdtemp(prefix='segfast_probe_')); counts = {}
    print(f"segfast input probe, {len(names)} cases ({time.strftime('%Y-%m-%d %H:%M')})")
    try:
        for n in names:
            d = tmp/n; d.mkdir()
            t0 = time.time()
            try: verdict,detail = CASES[n](d)
            except subprocess.TimeoutExpired: verdict,detail = 'traceback','timed out'
            counts[verdict] = counts.get(verdict, 0)+1
            print(f"{n:<28s} {verdict:<10s} {time.time()-t0:5.0f} s  {detail}", flush=True)
    finally: shutil.rmtree(tmp, ignore_errors=True)
    print('counts: ' + ', '.join(f'{k} {v}' for k,v in sorted(counts.items())))

if __name__=='__main__': main()
