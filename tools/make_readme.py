"""Write README.md from nbs/index.ipynb (nbdev-readme needs Quarto, which cannot be installed here).

    python tools/make_readme.py          # write README.md
    python tools/make_readme.py --check  # exit 1 if README.md is not what index.ipynb gives
"""
import sys, os, re
from pathlib import Path
import nbformat
from nbconvert import MarkdownExporter

root = Path(__file__).resolve().parent.parent
nb = nbformat.read(root/'nbs'/'index.ipynb', as_version=4)
nb.cells = [c for c in nb.cells if not c.source.lstrip().startswith(('#| hide', '#|hide'))]
for c in nb.cells:
    if c.cell_type=='code': c.source = re.sub(r'^#\|.*\n', '', c.source, flags=re.M)
md,_ = MarkdownExporter(exclude_output=True).from_notebook_node(nb)
md = "<!-- Generated from nbs/index.ipynb by tools/make_readme.py: edit the notebook, not this file. -->\n\n" + md.strip() + "\n"
readme = root/'README.md'
if '--check' in sys.argv:
    if not readme.exists() or readme.read_text()!=md: sys.exit("README.md is out of step with nbs/index.ipynb: run python tools/make_readme.py")
    print("README.md matches nbs/index.ipynb")
else:
    tmp = readme.with_name('.README.md.tmp'); tmp.write_text(md); os.replace(tmp, readme)
    print(f"wrote {readme}")
