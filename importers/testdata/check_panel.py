#!/usr/bin/python3
"""Checks a `cityscore import` panel against an independent extraction of the same yearbook tables.

    cityscore import FILES... --out panel.csv
    /usr/bin/python3 importers/testdata/check_panel.py panel.csv FILES...

The extraction shares no code or rule with the Go reader: openpyxl reads the cells (merged ranges
filled in), the header row is the one whose first cell is 城市, a column is matched to the
yearbook/columns.csv entry of its edition whose column name its header text contains (the longest),
the scope is read from the header or the title, city names are stripped of spaces, province rows are
dropped by the official province list, misprints are corrected with a list of their own, and codes
come from yescallop/areacodes by name and year. It prints every difference in value, cell or code and
a summary line. The tables and the crosswalk are evaluation data, not in the repository: give their folder.
"""
import csv, re, sys, openpyxl, collections, os
SHARED=os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'shared')
CW=os.path.join(SHARED, 'data', 'city-crosswalk')+'/'
cols=list(csv.DictReader(open(os.path.join(SHARED, 'yearbook', 'columns.csv'))))
def nz(s): return re.sub(r'\s','',str(s)).replace('（','(').replace('）',')').replace('％','%')
prov=set(); ycodes=collections.defaultdict(list)
for r in csv.DictReader(open(CW+'yescallop-areacodes/result.csv',encoding='utf-8-sig')):
    if r['级别']=='省级' and r['代码'] not in ('110000','120000','310000','500000'): prov.add(r['名称'])
    ycodes[r['名称']].append(r)
typos={'荷泽市':'菏泽市','理春市':'珲春市','漂阳市':'溧阳市','峡州市':'嵊州市','邛峡市':'邛崃市','什都市':'什邡市','阊中市':'阆中市','华蓋市':'华蓥市'}
latest_unit={}
for c in sorted(cols, key=lambda c: int(c['edition'])): latest_unit[c['input_id']]=c['unit']
def code_of(name, year):
    best=None
    for r in ycodes.get(name,[]):
        a=int(r['启用时间']); b=int(r['变更/弃用时间']) if r['变更/弃用时间'] else 9999
        if r['级别']=='县级' and not name.endswith('市'): continue
        if a<=year<b:
            if best is None or r['级别']=='省级' or (best['级别']=='县级' and r['级别']=='地级'): best=r
    return best['代码'] if best else None
def extract(path):
    wb=openpyxl.load_workbook(path); ws=wb.worksheets[0]
    grid={}
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None: grid[(c.row,c.column)]=c.value
    for m in ws.merged_cells.ranges:
        v=grid.get((m.min_row,m.min_col))
        for r in range(m.min_row,m.max_row+1):
            for c in range(m.min_col,m.max_col+1):
                if v is not None: grid[(r,c)]=v
    maxr,maxc=ws.max_row,ws.max_column
    hdr=next(r for r in range(1,maxr+1) if nz(grid.get((r,1),''))=='城市')
    title=''.join(nz(grid.get((r,c),'')) for r in range(1,hdr) for c in range(1,maxc+1))
    m=re.search(r'中国(\d{4})年',title)
    ed=int(re.search(r'(20\d\d)',os.path.basename(path)).group(1)) if re.search(r'(20\d\d)',os.path.basename(path)) else 2024
    year=int(m.group(1)) if m else ed-1
    edition=year+1
    end=hdr
    amerge=[m for m in ws.merged_cells.ranges if m.min_row==hdr and m.min_col==1]
    if amerge: end=amerge[0].max_row
    while end+1<=maxr and ws.cell(end+1,1).value in (None,''): end+=1
    ents=[c for c in cols if int(c['edition'])==edition and nz(c['table_title_zh']).split('(')[0] in title]
    tscope='全市' if '(全市)' in title else ('市辖区' if '(市辖区)' in title else '')
    colmap={}
    for c in range(3,maxc+1):
        parts=[]
        for r in range(hdr,end+1):
            v=nz(grid.get((r,c),''))
            if v and (not parts or parts[-1]!=v): parts.append(v)
        h=''.join(parts)
        if not h: continue
        sc='全市' if '全市' in h.replace('(全市)','') and 'TotalCity' in h else ('市辖区' if 'DistrictsunderCity' in h else tscope)
        if '全市' in h and sc=='': sc='全市'
        cand=[e for e in ents if nz(e['column_zh']) in h and e['scope']==sc]
        if not cand: print('  no entry for', path, c, h, sc); continue
        best=max(cand,key=lambda e:len(nz(e['column_zh'])))
        colmap[c]=best
    out={}
    for r in range(end+1,maxr+1):
        name=nz(ws.cell(r,1).value or '')
        if not name or name in prov: continue
        name=typos.get(name,name)
        for c,e in colmap.items():
            v=ws.cell(r,c).value
            if v is None or (isinstance(v,str) and v.strip()==''): val=None
            elif isinstance(v,(int,float)): val=float(v)
            else:
                try: val=float(v.strip())
                except ValueError: val='BAD:'+v
            if isinstance(val,float) and e['unit']=='人' and latest_unit[e['input_id']]=='万人': val=val/1e4
            out[(name,year,e['input_id'])]=(val,'%s!%s%d'%(os.path.basename(path),openpyxl.utils.get_column_letter(c),r))
    return out
panel={}
for r in csv.DictReader(open(sys.argv[1])):
    panel[(r['unit'],int(r['year']),r['variable'])]=r
ref={}
for p in sys.argv[2:]:
    ref.update(extract(p))
diff=0; bad=0; codes_bad=set()
for k,(v,cell) in ref.items():
    p=panel.get(k)
    if p is None: print('MISSING in panel', k, v, cell); diff+=1; continue
    if isinstance(v,str):
        bad+=1
        if p['value']!='' or not p['source'].endswith(cell.split('!')[1]): print('BAD mismatch',k,v,p); diff+=1
        continue
    if v is None:
        if p['value']!='': print('VALUE for missing', k, p['value']); diff+=1
        continue
    if p['value']=='' or abs(float(p['value'])-v)>1e-9*max(1,abs(v)): print('DIFF',k,v,p['value'],cell); diff+=1
    c=code_of(k[0],k[1])
    if c!=p['code']: codes_bad.add((k[0],k[1],c,p['code']))
extra=[k for k in panel if k not in ref]
print('reference cells', len(ref), 'panel rows', len(panel), 'extra in panel', len(extra), 'diffs', diff, 'bad cells', bad)
print('cities', len({k[0] for k in ref}), 'code mismatches', sorted(codes_bad)[:20], len(codes_bad))
