import sys, tempfile
from pathlib import Path
sys.path.insert(0,'tests')
from conftest import make_pdf, make_docx, corpus_lines
from pipeline import extract
from dataclasses import asdict
import glob
tmp=Path(tempfile.mkdtemp())
for f in sorted(glob.glob('corpus/*.txt')):
    stem=Path(f).stem
    base=extract(f)
    for kind in ('pdf','docx'):
        p=tmp/f'{stem}.{kind}'
        (make_pdf if kind=='pdf' else make_docx)(corpus_lines(stem), p)
        other=extract(p)
        d1={k:v for k,v in asdict(base.document).items() if k not in('source','format','sha256','encoding','repairs')}
        d2={k:v for k,v in asdict(other.document).items() if k not in('source','format','sha256','encoding','repairs')}
        diff={k:(d1[k],d2[k]) for k in d1 if d1[k]!=d2[k]}
        s1=[(s.section_id,s.heading,s.kind) for s in base.sections]
        s2=[(s.section_id,s.heading,s.kind) for s in other.sections]
        print(stem, kind, 'doc diff', diff if diff else 'ok', 'sections', 'ok' if s1==s2 else f'{len(s1)} vs {len(s2)}')
        if s1!=s2:
            for a,b in zip(s1,s2):
                if a!=b: print('   ',a,'\n   ',b); break
            print('   set diff', set(s1)^set(s2) if len(set(s1)^set(s2))<6 else len(set(s1)^set(s2)))
