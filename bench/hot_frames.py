import re,collections,sys
txt=open(sys.argv[1]).read()
events=txt.split('jdk.ExecutionSample')
top=collections.Counter(); incl=collections.Counter()
for e in events:
    frames=re.findall(r'^\s+([\w\.\$<>]+)\(', e, re.M)
    if not frames: continue
    top[frames[0]]+=1
    for f in set(frames): incl[f]+=1
n=sum(top.values())
print("samples",n)
for f,c in top.most_common(30): print("%5.1f%% %s"%(100*c/n,f))
print("--- inclusive")
for f,c in incl.most_common(300):
    if 'weft' in f or 'protobuf' in f or 'grpc' in f: print("%5.1f%% %s"%(100*c/n,f))
