// Node.js's Buffer, as much of it as function nodes use, for GraalJS (which has none).
// Rules: a Buffer is a Uint8Array (instanceof Uint8Array holds, indexes and length work);
// encodings utf8/utf-8, hex, base64, base64url, ascii, latin1/binary, utf16le/ucs2;
// slice() and subarray() share memory as in Node.js; toJSON() gives {type:'Buffer', data:[...]};
// read/write of (U)Int8/16/32 LE/BE, Float/Double LE/BE, BigInt64 with Node's range checks.
(function (g) {
  'use strict';
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const B64_INDEX = new Int16Array(256).fill(-1);
  for (let i = 0; i < 64; i++) B64_INDEX[B64.charCodeAt(i)] = i;
  B64_INDEX['-'.charCodeAt(0)] = 62;
  B64_INDEX['_'.charCodeAt(0)] = 63;

  function normEncoding(enc) {
    if (enc === undefined || enc === null) return 'utf8';
    const e = String(enc).toLowerCase();
    switch (e) {
      case 'utf8': case 'utf-8': return 'utf8';
      case 'hex': case 'base64': case 'base64url': case 'ascii': case 'latin1': return e;
      case 'binary': return 'latin1';
      case 'ucs2': case 'ucs-2': case 'utf16le': case 'utf-16le': return 'utf16le';
      default: throw new TypeError('Unknown encoding: ' + enc);
    }
  }

  function utf8Bytes(str) {
    const out = [];
    for (let i = 0; i < str.length; i++) {
      let c = str.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < str.length) {
        const d = str.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++; }
        else c = 0xfffd;
      } else if (c >= 0xd800 && c <= 0xdfff) {
        c = 0xfffd;
      }
      if (c < 0x80) out.push(c);
      else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    return out;
  }

  function utf8String(b, start, end) {
    let s = '';
    let chunk = [];
    let i = start;
    while (i < end) {
      const c = b[i];
      let cp = 0xfffd;
      let n = 1;
      if (c < 0x80) { cp = c; }
      else if (c >= 0xc2 && c < 0xe0 && i + 1 < end && (b[i + 1] & 0xc0) === 0x80) {
        cp = ((c & 31) << 6) | (b[i + 1] & 63); n = 2;
      } else if (c >= 0xe0 && c < 0xf0 && i + 2 < end && (b[i + 1] & 0xc0) === 0x80 && (b[i + 2] & 0xc0) === 0x80) {
        cp = ((c & 15) << 12) | ((b[i + 1] & 63) << 6) | (b[i + 2] & 63); n = 3;
        if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)) { cp = 0xfffd; n = 1; }
      } else if (c >= 0xf0 && c < 0xf5 && i + 3 < end && (b[i + 1] & 0xc0) === 0x80 && (b[i + 2] & 0xc0) === 0x80 && (b[i + 3] & 0xc0) === 0x80) {
        cp = ((c & 7) << 18) | ((b[i + 1] & 63) << 12) | ((b[i + 2] & 63) << 6) | (b[i + 3] & 63); n = 4;
        if (cp < 0x10000 || cp > 0x10ffff) { cp = 0xfffd; n = 1; }
      }
      if (cp > 0xffff) {
        cp -= 0x10000;
        chunk.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
      } else {
        chunk.push(cp);
      }
      i += n;
      if (chunk.length >= 8192) { s += String.fromCharCode.apply(null, chunk); chunk = []; }
    }
    return s + String.fromCharCode.apply(null, chunk);
  }

  function bytesOf(str, enc) {
    switch (normEncoding(enc)) {
      case 'utf8': return utf8Bytes(str);
      case 'hex': {
        const out = [];
        for (let i = 0; i + 1 < str.length; i += 2) {
          const v = parseInt(str.substr(i, 2), 16);
          if (Number.isNaN(v)) break;
          out.push(v);
        }
        return out;
      }
      case 'base64': case 'base64url': {
        const out = [];
        let acc = 0, bits = 0;
        for (let i = 0; i < str.length; i++) {
          const v = B64_INDEX[str.charCodeAt(i) & 255];
          if (v < 0) continue;
          acc = (acc << 6) | v; bits += 6;
          if (bits >= 8) { bits -= 8; out.push((acc >> bits) & 255); }
        }
        return out;
      }
      case 'ascii': case 'latin1': {
        const out = new Array(str.length);
        for (let i = 0; i < str.length; i++) out[i] = str.charCodeAt(i) & 255;
        return out;
      }
      case 'utf16le': {
        const out = [];
        for (let i = 0; i < str.length; i++) { const c = str.charCodeAt(i); out.push(c & 255, c >> 8); }
        return out;
      }
    }
  }

  function stringOf(b, enc, start, end) {
    switch (normEncoding(enc)) {
      case 'utf8': return utf8String(b, start, end);
      case 'hex': {
        let s = '';
        for (let i = start; i < end; i++) s += (b[i] < 16 ? '0' : '') + b[i].toString(16);
        return s;
      }
      case 'base64': case 'base64url': {
        const url = normEncoding(enc) === 'base64url';
        const alphabet = url ? B64.slice(0, 62) + '-_' : B64;
        let s = '';
        let i = start;
        for (; i + 2 < end; i += 3) {
          const n = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
          s += alphabet[n >> 18] + alphabet[(n >> 12) & 63] + alphabet[(n >> 6) & 63] + alphabet[n & 63];
        }
        if (end - i === 1) {
          const n = b[i] << 16;
          s += alphabet[n >> 18] + alphabet[(n >> 12) & 63] + (url ? '' : '==');
        } else if (end - i === 2) {
          const n = (b[i] << 16) | (b[i + 1] << 8);
          s += alphabet[n >> 18] + alphabet[(n >> 12) & 63] + alphabet[(n >> 6) & 63] + (url ? '' : '=');
        }
        return s;
      }
      case 'ascii': {
        const codes = [];
        for (let i = start; i < end; i++) codes.push(b[i] & 127);
        return chars(codes);
      }
      case 'latin1': {
        const codes = [];
        for (let i = start; i < end; i++) codes.push(b[i]);
        return chars(codes);
      }
      case 'utf16le': {
        const codes = [];
        for (let i = start; i + 1 < end; i += 2) codes.push(b[i] | (b[i + 1] << 8));
        return chars(codes);
      }
    }
  }

  function chars(codes) {
    let s = '';
    for (let i = 0; i < codes.length; i += 8192) s += String.fromCharCode.apply(null, codes.slice(i, i + 8192));
    return s;
  }

  function checkOffset(buf, offset, size) {
    if (offset === undefined) offset = 0;
    if (typeof offset !== 'number' || offset !== Math.floor(offset)) {
      throw new TypeError('The "offset" argument must be an integer. Received ' + offset);
    }
    if (offset < 0 || offset + size > buf.length) {
      throw new RangeError('The value of "offset" is out of range. It must be >= 0 and <= ' + (buf.length - size) + '. Received ' + offset);
    }
    return offset;
  }

  function checkValue(value, min, max) {
    if (typeof value !== 'number' || value < min || value > max || Number.isNaN(value)) {
      throw new RangeError('The value of "value" is out of range. It must be >= ' + min + ' and <= ' + max + '. Received ' + value);
    }
  }

  class Buffer extends Uint8Array {
    constructor(a, b, c) {
      if (typeof a === 'string') super(bytesOf(a, b)); // Node's deprecated new Buffer(string)
      else super(a, b, c);
    }
    static from(value, encodingOrOffset, length) {
      if (typeof value === 'string') return Buffer._fromArray(bytesOf(value, encodingOrOffset));
      if (value instanceof ArrayBuffer) {
        const off = encodingOrOffset === undefined ? 0 : encodingOrOffset;
        const len = length === undefined ? value.byteLength - off : length;
        return new Buffer(value, off, len);
      }
      if (ArrayBuffer.isView(value)) {
        const copy = new Buffer(value.length);
        for (let i = 0; i < value.length; i++) copy[i] = value[i];
        return copy;
      }
      if (Array.isArray(value)) return Buffer._fromArray(value);
      if (value && value.type === 'Buffer' && Array.isArray(value.data)) return Buffer._fromArray(value.data);
      if (value && typeof value.length === 'number') return Buffer._fromArray(Array.prototype.slice.call(value));
      throw new TypeError('The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object.');
    }
    static _fromArray(arr) {
      const b = new Buffer(arr.length);
      for (let i = 0; i < arr.length; i++) b[i] = arr[i];
      return b;
    }
    static alloc(size, fill, encoding) {
      const b = new Buffer(size);
      if (fill !== undefined && fill !== 0) b.fill(fill, 0, size, encoding);
      return b;
    }
    static allocUnsafe(size) { return new Buffer(size); }
    static allocUnsafeSlow(size) { return new Buffer(size); }
    static isBuffer(b) { return b instanceof Buffer; }
    static isEncoding(enc) { try { normEncoding(enc); return typeof enc === 'string'; } catch (e) { return false; } }
    static byteLength(value, encoding) {
      if (typeof value === 'string') return bytesOf(value, encoding).length;
      return value.byteLength;
    }
    static concat(list, totalLength) {
      if (!Array.isArray(list)) throw new TypeError('The "list" argument must be an instance of Array.');
      if (totalLength === undefined) totalLength = list.reduce((n, b) => n + b.length, 0);
      const out = Buffer.alloc(totalLength);
      let pos = 0;
      for (const b of list) {
        for (let i = 0; i < b.length && pos < totalLength; i++) out[pos++] = b[i];
      }
      return out;
    }
    static compare(a, b) { return a.compare(b); }

    toString(encoding, start, end) {
      start = start === undefined ? 0 : Math.max(0, start);
      end = end === undefined ? this.length : Math.min(this.length, end);
      if (end <= start) return '';
      return stringOf(this, encoding, start, end);
    }
    toJSON() { return { type: 'Buffer', data: Array.prototype.slice.call(this) }; }
    equals(other) {
      if (!(other instanceof Uint8Array)) throw new TypeError('The "otherBuffer" argument must be an instance of Buffer or Uint8Array.');
      return this.compare(other) === 0;
    }
    compare(other) {
      const n = Math.min(this.length, other.length);
      for (let i = 0; i < n; i++) {
        if (this[i] !== other[i]) return this[i] < other[i] ? -1 : 1;
      }
      return this.length === other.length ? 0 : (this.length < other.length ? -1 : 1);
    }
    slice(start, end) { return this.subarray(start, end); }
    subarray(start, end) {
      const len = this.length;
      start = start === undefined ? 0 : (start < 0 ? Math.max(len + start, 0) : Math.min(start, len));
      end = end === undefined ? len : (end < 0 ? Math.max(len + end, 0) : Math.min(end, len));
      if (end < start) end = start;
      return new Buffer(this.buffer, this.byteOffset + start, end - start);
    }
    copy(target, targetStart, sourceStart, sourceEnd) {
      targetStart = targetStart || 0;
      sourceStart = sourceStart || 0;
      sourceEnd = sourceEnd === undefined ? this.length : sourceEnd;
      let n = 0;
      for (let i = sourceStart; i < sourceEnd && targetStart + n < target.length; i++) target[targetStart + n++] = this[i];
      return n;
    }
    write(string, offset, length, encoding) {
      if (typeof offset === 'string') { encoding = offset; offset = 0; length = undefined; }
      else if (typeof length === 'string') { encoding = length; length = undefined; }
      offset = offset || 0;
      const bytes = bytesOf(string, encoding);
      const n = Math.min(bytes.length, this.length - offset, length === undefined ? Infinity : length);
      for (let i = 0; i < n; i++) this[offset + i] = bytes[i];
      return n;
    }
    fill(value, offset, end, encoding) {
      if (typeof offset === 'string') { encoding = offset; offset = 0; end = this.length; }
      offset = offset === undefined ? 0 : offset;
      end = end === undefined ? this.length : end;
      if (typeof value === 'number') {
        for (let i = offset; i < end; i++) this[i] = value & 255;
        return this;
      }
      const bytes = typeof value === 'string' ? bytesOf(value, encoding) : Array.prototype.slice.call(value);
      if (bytes.length === 0) return this;
      for (let i = offset, j = 0; i < end; i++, j = (j + 1) % bytes.length) this[i] = bytes[j];
      return this;
    }
    indexOf(value, byteOffset, encoding) {
      if (typeof value === 'number') return Uint8Array.prototype.indexOf.call(this, value & 255, byteOffset);
      const needle = typeof value === 'string' ? bytesOf(value, encoding) : value;
      const from = byteOffset === undefined ? 0 : (byteOffset < 0 ? Math.max(this.length + byteOffset, 0) : byteOffset);
      outer: for (let i = from; i <= this.length - needle.length; i++) {
        for (let j = 0; j < needle.length; j++) if (this[i + j] !== needle[j]) continue outer;
        return i;
      }
      return -1;
    }
    includes(value, byteOffset, encoding) { return this.indexOf(value, byteOffset, encoding) !== -1; }
    readUInt8(o) { o = checkOffset(this, o, 1); return this[o]; }
    readInt8(o) { o = checkOffset(this, o, 1); return (this[o] << 24) >> 24; }
    readUInt16LE(o) { o = checkOffset(this, o, 2); return this[o] | (this[o + 1] << 8); }
    readUInt16BE(o) { o = checkOffset(this, o, 2); return (this[o] << 8) | this[o + 1]; }
    readInt16LE(o) { return (this.readUInt16LE(o) << 16) >> 16; }
    readInt16BE(o) { return (this.readUInt16BE(o) << 16) >> 16; }
    readUInt32LE(o) { o = checkOffset(this, o, 4); return ((this[o] | (this[o + 1] << 8) | (this[o + 2] << 16)) + this[o + 3] * 0x1000000); }
    readUInt32BE(o) { o = checkOffset(this, o, 4); return this[o] * 0x1000000 + ((this[o + 1] << 16) | (this[o + 2] << 8) | this[o + 3]); }
    readInt32LE(o) { o = checkOffset(this, o, 4); return this[o] | (this[o + 1] << 8) | (this[o + 2] << 16) | (this[o + 3] << 24); }
    readInt32BE(o) { o = checkOffset(this, o, 4); return (this[o] << 24) | (this[o + 1] << 16) | (this[o + 2] << 8) | this[o + 3]; }
    readFloatLE(o) { o = checkOffset(this, o, 4); return this._view().getFloat32(o, true); }
    readFloatBE(o) { o = checkOffset(this, o, 4); return this._view().getFloat32(o, false); }
    readDoubleLE(o) { o = checkOffset(this, o, 8); return this._view().getFloat64(o, true); }
    readDoubleBE(o) { o = checkOffset(this, o, 8); return this._view().getFloat64(o, false); }
    readBigInt64LE(o) { o = checkOffset(this, o, 8); return this._view().getBigInt64(o, true); }
    readBigInt64BE(o) { o = checkOffset(this, o, 8); return this._view().getBigInt64(o, false); }
    readBigUInt64LE(o) { o = checkOffset(this, o, 8); return this._view().getBigUint64(o, true); }
    readBigUInt64BE(o) { o = checkOffset(this, o, 8); return this._view().getBigUint64(o, false); }
    writeUInt8(v, o) { checkValue(v, 0, 0xff); o = checkOffset(this, o, 1); this[o] = v; return o + 1; }
    writeInt8(v, o) { checkValue(v, -0x80, 0x7f); o = checkOffset(this, o, 1); this[o] = v & 255; return o + 1; }
    writeUInt16LE(v, o) { checkValue(v, 0, 0xffff); o = checkOffset(this, o, 2); this[o] = v & 255; this[o + 1] = v >>> 8; return o + 2; }
    writeUInt16BE(v, o) { checkValue(v, 0, 0xffff); o = checkOffset(this, o, 2); this[o] = v >>> 8; this[o + 1] = v & 255; return o + 2; }
    writeInt16LE(v, o) { checkValue(v, -0x8000, 0x7fff); o = checkOffset(this, o, 2); this[o] = v & 255; this[o + 1] = (v >> 8) & 255; return o + 2; }
    writeInt16BE(v, o) { checkValue(v, -0x8000, 0x7fff); o = checkOffset(this, o, 2); this[o] = (v >> 8) & 255; this[o + 1] = v & 255; return o + 2; }
    writeUInt32LE(v, o) { checkValue(v, 0, 0xffffffff); o = checkOffset(this, o, 4); this._view().setUint32(o, v, true); return o + 4; }
    writeUInt32BE(v, o) { checkValue(v, 0, 0xffffffff); o = checkOffset(this, o, 4); this._view().setUint32(o, v, false); return o + 4; }
    writeInt32LE(v, o) { checkValue(v, -0x80000000, 0x7fffffff); o = checkOffset(this, o, 4); this._view().setInt32(o, v, true); return o + 4; }
    writeInt32BE(v, o) { checkValue(v, -0x80000000, 0x7fffffff); o = checkOffset(this, o, 4); this._view().setInt32(o, v, false); return o + 4; }
    writeFloatLE(v, o) { o = checkOffset(this, o, 4); this._view().setFloat32(o, v, true); return o + 4; }
    writeFloatBE(v, o) { o = checkOffset(this, o, 4); this._view().setFloat32(o, v, false); return o + 4; }
    writeDoubleLE(v, o) { o = checkOffset(this, o, 8); this._view().setFloat64(o, v, true); return o + 8; }
    writeDoubleBE(v, o) { o = checkOffset(this, o, 8); this._view().setFloat64(o, v, false); return o + 8; }
    _view() { return new DataView(this.buffer, this.byteOffset, this.byteLength); }
  }
  // Node.js's lower-case aliases
  for (const name of Object.getOwnPropertyNames(Buffer.prototype)) {
    if (/^(read|write)UInt/.test(name)) Buffer.prototype[name.replace('UInt', 'Uint')] = Buffer.prototype[name];
  }
  Object.defineProperty(Buffer.prototype, 'parent', { get() { return this.buffer; } });
  g.Buffer = Buffer;
})(globalThis);
