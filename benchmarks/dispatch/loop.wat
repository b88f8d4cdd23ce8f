;; What splitting an interpreter loop costs per opcode. $run is a register machine's loop in the
;; shape clang gives luaV_execute and sqlite3VdbeExec: one `loop` around one `br_table` over the
;; opcode, cases that decode their operands from the instruction word, do a little register
;; (memory) work and branch to one shared fetch of the next word, which jumps back to the loop
;; head. The program at address 64 runs ten ALU opcodes and a counted back jump, 20 million
;; times per round (220 million opcodes, in an order the branch predictor learns); _start runs
;; 10 such rounds, printing "round" after each, then 10 rounds of a program of 4000 opcodes in
;; random order run 55000 times (220 million opcodes), printing "random" after each, and the
;; rounds' results at the end.
;;   benchmarks/thread-cpu.py --mark '^(round|random)' -- java -Dwali4j.jit=eager <JVM options> ... run benchmarks/dispatch/loop.wat
;; Unsplit by default (some 500 pre-decoded slots); split so that each case is in a region of
;; its own with -Dwali4j.jit.splitSlots=40 among the JVM options (regions of 20 slots), and with
;; one crossing per opcode at most with -Dwali4j.jit.dispatchCopy=32 as well. The apps' regions
;; (about 8 KiB of bytecode) are never inlined into their dispatch loop; these small ones could
;; be, so add -XX:CompileCommand=quiet -XX:CompileCommand=dontinline,*::f1_* to compare them.
;; The results stay equal for any JVM option (the same "sum" line).
;; Instruction word: opcode (bits 0-7), a (8-15), b (16-23), c (24-31); register r at 256 + 4r.
(module
  (import "wali" "SYS_write" (func $write (param i32 i32 i32) (result i64)))
  (memory (export "memory") 1)
  ;; 64: r2 += r3; r3 ^= r2; r4 = r2 * r3; r5 = r4 >> r6; r6 = r5 - r2; r7 = r6;
  ;;     r8 = r7 & r4; r9 = r8 | r3; r2 = rotl(r9, 5); r3 += r1; if --r15 != 0 jump to 64; halt
  (data (i32.const 64)
    "\00\02\02\03" "\03\03\03\02" "\02\04\02\03" "\04\05\04\06" "\01\06\05\02" "\05\07\06\00"
    "\06\08\07\04" "\07\09\08\03" "\08\02\09\05" "\00\03\03\01" "\09\0f\0b\00" "\0a\00\00\00")
  (data (i32.const 16) "round\n")
  (data (i32.const 24) "random\n")
  (data (i32.const 32) "sum ........\n")
  (data (i32.const 48) "0123456789abcdef")
  (func $run (export "run") (param $pc i32) (result i32)
    (local $i i32) (local $a i32) (local $x i32)
    (local.set $i (i32.load (local.get $pc)))
    (loop $L
      (block $fetch
        (block $halt (block $loop (block $rotl (block $or (block $and (block $move
        (block $shr (block $xor (block $mul (block $sub (block $add
          (br_table $add $sub $mul $xor $shr $move $and $or $rotl $loop $halt
            (i32.and (local.get $i) (i32.const 255))))
          ;; 0 add
          (local.set $a (i32.add (i32.const 256)
            (i32.shl (i32.and (i32.shr_u (local.get $i) (i32.const 8)) (i32.const 255)) (i32.const 2))))
          (i32.store (local.get $a) (i32.add
            (i32.load offset=256 (i32.shl (i32.and (i32.shr_u (local.get $i) (i32.const 16)) (i32.const 255)) (i32.const 2)))
            (i32.load offset=256 (i32.shl (i32.shr_u (local.get $i) (i32.const 24)) (i32.const 2)))))
          (br $fetch))
        ;; 1 sub
        (local.set $a (i32.add (i32.const 256)
          (i32.shl (i32.and (i32.shr_u (local.get $i) (i32.const 8)) (i32.const 255)) (i32.const 2))))
        (i32.store (local.get $a) (i32.sub
          (i32.load offset=256 (i32.shl (i32.and (i32.shr_u (local.get $i) (i32.const 16)) (i32.const 255)) (i32.const 2)))
          (i32.load offset=256 (i32.shl (i32.shr_u (local.get $i) (i32.const 24)) (i32.const 2)))))
        (br $fetch))
      ;; 2 mul
      (local.set $a (i32.add (i32.const 256)
        (i32.shl (i32.and (i32.shr_u (local.get $i) (i32.const 8)) (i32.const 255)) (i32.const 2))))
      (i32.store (local.get $a) (i32.mul
        (i32.load offset=256 (i32.shl (i32.and (i32.shr_u (local.get $i) (i32.const 16)) (i32.const 255)) (i32.const 2)))
        (i32.load offset=256 (i32.shl (i32.shr_u (local.get $i) (i32.const 24)) (i32.const 2)))))
      (br $fetch))
    ;; 3 xor
    (local.set $a (i32.add (i32.const 256)
      (i32.shl (i32.and (i32.shr_u (local.get $i) (i32.const 8)) (i32.const 255)) (i32.const 2))))
    (i32.store (local.get $a) (i32.xor
      (i32.load offset=256 (i32.shl (i32.and (i32.shr_u (local.get $i) (i32.const 16)) (i32.const 255)) (i32.const 2)))
      (i32.load offset=256 (i32.shl (i32.shr_u (local.get $i) (i32.const 24)) (i32.const 2)))))
    (br $fetch))
    ;; 4 shr
    (local.set $a (i32.add (i32.const 256)
      (i32.shl (i32.and (i32.shr_u (local.get $i) (i32.const 8)) (i32.const 255)) (i32.const 2))))
    (i32.store (local.get $a) (i32.shr_u
      (i32.load offset=256 (i32.shl (i32.and (i32.shr_u (local.get $i) (i32.const 16)) (i32.const 255)) (i32.const 2)))
      (i32.load offset=256 (i32.shl (i32.shr_u (local.get $i) (i32.const 24)) (i32.const 2)))))
    (br $fetch))
    ;; 5 move
    (local.set $a (i32.add (i32.const 256)
      (i32.shl (i32.and (i32.shr_u (local.get $i) (i32.const 8)) (i32.const 255)) (i32.const 2))))
    (i32.store (local.get $a)
      (i32.load offset=256 (i32.shl (i32.and (i32.shr_u (local.get $i) (i32.const 16)) (i32.const 255)) (i32.const 2))))
    (br $fetch))
    ;; 6 and
    (local.set $a (i32.add (i32.const 256)
      (i32.shl (i32.and (i32.shr_u (local.get $i) (i32.const 8)) (i32.const 255)) (i32.const 2))))
    (i32.store (local.get $a) (i32.and
      (i32.load offset=256 (i32.shl (i32.and (i32.shr_u (local.get $i) (i32.const 16)) (i32.const 255)) (i32.const 2)))
      (i32.load offset=256 (i32.shl (i32.shr_u (local.get $i) (i32.const 24)) (i32.const 2)))))
    (br $fetch))
    ;; 7 or
    (local.set $a (i32.add (i32.const 256)
      (i32.shl (i32.and (i32.shr_u (local.get $i) (i32.const 8)) (i32.const 255)) (i32.const 2))))
    (i32.store (local.get $a) (i32.or
      (i32.load offset=256 (i32.shl (i32.and (i32.shr_u (local.get $i) (i32.const 16)) (i32.const 255)) (i32.const 2)))
      (i32.load offset=256 (i32.shl (i32.shr_u (local.get $i) (i32.const 24)) (i32.const 2)))))
    (br $fetch))
    ;; 8 rotl by the immediate c
    (local.set $a (i32.add (i32.const 256)
      (i32.shl (i32.and (i32.shr_u (local.get $i) (i32.const 8)) (i32.const 255)) (i32.const 2))))
    (i32.store (local.get $a) (i32.rotl
      (i32.load offset=256 (i32.shl (i32.and (i32.shr_u (local.get $i) (i32.const 16)) (i32.const 255)) (i32.const 2)))
      (i32.shr_u (local.get $i) (i32.const 24))))
    (br $fetch))
    ;; 9 loop: if --r[a] != 0, back b | c << 8 words (the fetch then steps one forward)
    (local.set $a (i32.add (i32.const 256)
      (i32.shl (i32.and (i32.shr_u (local.get $i) (i32.const 8)) (i32.const 255)) (i32.const 2))))
    (local.set $x (i32.sub (i32.load (local.get $a)) (i32.const 1)))
    (i32.store (local.get $a) (local.get $x))
    (if (local.get $x)
      (then (local.set $pc (i32.sub (local.get $pc)
        (i32.shl (i32.shr_u (local.get $i) (i32.const 16)) (i32.const 2))))))
    (br $fetch))
    ;; 10 halt
    (return (i32.add (i32.load offset=264 (i32.const 0)) (i32.load offset=268 (i32.const 0)))))
    ;; the shared fetch
    (local.set $pc (i32.add (local.get $pc) (i32.const 4)))
    (local.set $i (i32.load (local.get $pc)))
    (br $L))
    (unreachable))
  (func (export "_start") (local $k i32) (local $s i32) (local $x i32)
    (i32.store offset=256 (i32.const 4) (i32.const 1))
    (i32.store offset=256 (i32.const 12) (i32.const 7))
    (i32.store offset=256 (i32.const 24) (i32.const 3))
    (loop $o
      (i32.store offset=256 (i32.const 60) (i32.const 20000000))
      (local.set $s (i32.add (local.get $s) (call $run (i32.const 64))))
      (drop (call $write (i32.const 1) (i32.const 16) (i32.const 6)))
      (br_if $o (i32.ne (local.tee $k (i32.add (local.get $k) (i32.const 1))) (i32.const 10))))
    ;; 4096: 4000 opcodes drawn from the ALU ones (0-8) on registers 2-9 by a linear congruential
    ;; generator, whose order a branch predictor cannot learn (an interpreter's usual case), then
    ;; "if --r15 != 0 jump to 4096" and halt
    (local.set $k (i32.const 0))
    (local.set $x (i32.const 12345))
    (loop $g
      (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 1664525)) (i32.const 1013904223)))
      (i32.store offset=4096 (i32.shl (local.get $k) (i32.const 2))
        (i32.or (i32.rem_u (i32.shr_u (local.get $x) (i32.const 16)) (i32.const 9))
          (i32.shl (i32.add (i32.const 2) (i32.and (i32.shr_u (local.get $x) (i32.const 8)) (i32.const 7)))
            (i32.const 8))))
      (i32.store8 offset=4098 (i32.shl (local.get $k) (i32.const 2))
        (i32.add (i32.const 2) (i32.and (i32.shr_u (local.get $x) (i32.const 11)) (i32.const 7))))
      (i32.store8 offset=4099 (i32.shl (local.get $k) (i32.const 2))
        (i32.add (i32.const 2) (i32.and (i32.shr_u (local.get $x) (i32.const 26)) (i32.const 7))))
      (br_if $g (i32.ne (local.tee $k (i32.add (local.get $k) (i32.const 1))) (i32.const 4000))))
    (i32.store offset=20096 (i32.const 0) (i32.const 0x0fa10f09))
    (i32.store offset=20100 (i32.const 0) (i32.const 10))
    (local.set $k (i32.const 0))
    (loop $o
      (i32.store offset=256 (i32.const 60) (i32.const 55000))
      (local.set $s (i32.add (local.get $s) (call $run (i32.const 4096))))
      (drop (call $write (i32.const 1) (i32.const 24) (i32.const 7)))
      (br_if $o (i32.ne (local.tee $k (i32.add (local.get $k) (i32.const 1))) (i32.const 10))))
    ;; "sum " and the rounds' results in hex, so that runs can be compared by their output's md5
    (local.set $k (i32.const 0))
    (loop $h
      (i32.store8 offset=36 (local.get $k)
        (i32.load8_u offset=48 (i32.and (i32.shr_u (local.get $s)
          (i32.sub (i32.const 28) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 15))))
      (br_if $h (i32.ne (local.tee $k (i32.add (local.get $k) (i32.const 1))) (i32.const 8))))
    (drop (call $write (i32.const 1) (i32.const 32) (i32.const 13)))))
