# Writes the tiny class-folder dataset of the hir train/predict/evaluate transcripts: 32 x 32 grey
# crops of three example images, as binary PGM files (training: upright; test: other crops,
# rotated by 90 degrees).
import os, struct, zlib

def read_grey_png(path):
    data = open(path, 'rb').read()
    pos, idat = 8, b''
    while pos < len(data):
        n, = struct.unpack('>I', data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b'IHDR':
            w, h, depth, colour, _, _, interlace = struct.unpack('>IIBBBBB', body)
            assert depth == 8 and colour == 0 and interlace == 0
        elif kind == b'IDAT':
            idat += body
    raw = zlib.decompress(idat)
    rows, prev = [], bytearray(w)
    for y in range(h):
        f = raw[y * (w + 1)]
        line = bytearray(raw[y * (w + 1) + 1:(y + 1) * (w + 1)])
        for x in range(w):
            a = line[x - 1] if x else 0
            b = prev[x]
            c = prev[x - 1] if x else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pred) & 255
        rows.append(line)
        prev = line
    return rows

def write_pgm(path, block):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(b'P5\n%d %d\n255\n' % (len(block[0]), len(block)))
        for row in block:
            f.write(bytes(row))

side = 32
sources = {'brick': (100, 100), 'camera': (60, 200), 'coins': (40, 40)}
root = 'tests/cli/data/hir_learn'
for name, (top, left) in sources.items():
    image = read_grey_png('examples/%s.png' % name)
    for k in range(6):
        r, c = top + 37 * k, left + 23 * k
        block = [row[c:c + side] for row in image[r:r + side]]
        if k < 4:
            write_pgm('%s/train/%s/%d.pgm' % (root, name, k), block)
        else:
            rotated = [[block[j][side - 1 - i] for j in range(side)] for i in range(side)]
            write_pgm('%s/test/%s/%d.pgm' % (root, name, k), rotated)
