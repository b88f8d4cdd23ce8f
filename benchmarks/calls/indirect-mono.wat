;; call_indirect's cost in compiled code: _start calls $run 3000 times, each a loop of 100000
;; call_indirect to one callee (a monomorphic site), 300 million calls in all.
;;   benchmarks/thread-cpu.py -- java <JVM options> ... run benchmarks/calls/indirect.wat
;; (-Dwali4j.jit.typedIndirect=false among the JVM options: the runtime call alone). The busiest
;; thread's CPU is the Wasm thread's; the sum it stores at address 0 is not printed.
(module
  (type $cmp (func (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (table 4 funcref)
  (elem (i32.const 0) $lt $gt $eq)
  (func $lt (type $cmp) (i32.lt_s (local.get 0) (local.get 1)))
  (func $gt (type $cmp) (i32.gt_s (local.get 0) (local.get 1)))
  (func $eq (type $cmp) (i32.eq (local.get 0) (local.get 1)))
  (func $run (export "run") (param $n i32) (result i32) (local $s i32) (local $i i32)
    (loop $l
      (local.set $s (i32.add (local.get $s)
        (call_indirect (type $cmp) (local.get $i) (local.get $s)
          (i32.const 1))))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $s))
  (func (export "_start") (local $k i32)
    (loop $o
      (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (call $run (i32.const 100000))))
      (br_if $o (i32.ne (local.tee $k (i32.add (local.get $k) (i32.const 1))) (i32.const 3000))))))
