;; The module of ProvenExtentsTest; proven-extents.wasm, a seed of JitDifferentialFuzzTest, is
;; wat2wasm of this file.
(module (memory 1)
 (func (export "fields") (param $p i32) (result i64)   (i64.add (i64.load offset=24 (local.get $p))     (i64.add (i64.load offset=16 (local.get $p))       (i64.add (i64.load offset=8 (local.get $p)) (i64.load (local.get $p))))))
 (func (export "stores") (param $p i32)   (i32.store (local.get $p) (i32.const 0x11111111))   (i32.store offset=4 (local.get $p) (i32.const 0x22222222))   (i32.store offset=2 (local.get $p) (i32.const 0x33333333))   (i32.store offset=100 (local.get $p) (i32.const 0x44444444)))
 (func (export "rewritten") (param $p i32) (param $q i32) (result i32)   (drop (i32.load offset=64 (local.get $p)))   (local.set $p (local.get $q))   (i32.load (local.get $p)))
 (func (export "readBeforeWrite") (param $p i32) (param $q i32) (result i32)   (drop (i32.load offset=64 (local.get $p)))   local.get $p   (local.set $p (local.get $q))   i32.load offset=8   (i32.load offset=8 (local.get $p))   i32.add)
 (func (export "merge") (param $p i32) (param $c i32) (result i32)   (if (local.get $c) (then (drop (i32.load offset=64 (local.get $p)))))   (i32.load offset=32 (local.get $p)))
 (func (export "tee") (param $p i32) (param $d i32) (result i32)   (i32.load offset=12 (local.tee $p (i32.add (local.get $p) (local.get $d))))   (i32.load offset=4 (local.get $p))   i32.add)
 (func (export "walk") (param $p i32) (param $n i32) (result i32) (local $s i32)   (loop $l     (local.set $s (i32.add (local.get $s) (i32.load offset=4 (local.get $p))))     (local.set $s (i32.add (local.get $s) (i32.load (local.get $p))))     (local.set $p (i32.add (local.get $p) (i32.const 8)))     (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))   (local.get $s)))
