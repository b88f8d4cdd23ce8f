package io.wali4j.core.wasm;

/**
 * A function body in the pre-decoded form that the validator emits and the interpreter runs:
 * decoded once, with every branch target and stack adjustment resolved, so execution never re-reads
 * LEB128 or searches for an {@code end}.
 *
 * <h2>Frame model</h2>
 *
 * A frame's values live in one {@code long[]} stack. {@code fp} is the index of local 0; locals
 * (parameters first) occupy {@code [fp, fp + numLocals)}; the operand stack starts at {@code fp +
 * numLocals} and never grows beyond {@code maxStackHeight} values above that. Values are stored as
 * longs: i32 as its (sign-extended) int, i64 as itself, f32 as its raw int bits, f64 as its raw
 * long bits, a reference as a store-wide id ({@code -1} is null).
 *
 * <h2>Encoding of {@link #code()}</h2>
 *
 * Each instruction is its {@link Opcodes} id followed by its immediates, each one int:
 *
 * <ul>
 *   <li>{@code block}, {@code loop}, {@code nop}, {@code end} (of a block): not emitted.
 *   <li>{@code if}: {@code JUMP_IF_ZERO target} where target is the else arm or the end.
 *   <li>{@code else}: {@code JUMP end}.
 *   <li>{@code br l}: {@code JUMP target} when no value has to move (the label's values are already
 *       at the label's height), else {@code BR_DROP target arity keep}: copy the top {@code arity}
 *       values to {@code fp + keep ...}, set {@code sp = fp + keep + arity}, jump. {@code keep} =
 *       numLocals + the operand height at the label's block entry, below the block's parameters; a
 *       loop label's arity is its parameter count, a block's its result count. A branch to the
 *       function's own label (depth = number of enclosing blocks) targets the final {@code RETURN},
 *       with keep = numLocals.
 *   <li>{@code br_if l}: {@code JUMP_IF target} or {@code BR_IF_DROP target arity keep}.
 *   <li>{@code br_table}: {@code BR_TABLE n} then {@code n + 1} triples {@code target arity keep},
 *       the default last.
 *   <li>{@code return} and the function's final {@code end}: {@code RETURN}; the top {@code
 *       numResults} values are the results.
 *   <li>{@code call f}: {@code CALL funcidx}; {@code call_indirect}: {@code CALL_INDIRECT typeidx
 *       tableidx}.
 *   <li>{@code select} and {@code select t}: {@code SELECT}.
 *   <li>{@code local.*}: {@code op index}; {@code global.*}: {@code op index}.
 *   <li>loads, stores and atomics: {@code op offset} (the memarg offset as an unsigned int; the
 *       alignment hint is dropped after validation). Memory index is always 0.
 *   <li>{@code memory.size}, {@code memory.grow}, {@code memory.copy}, {@code memory.fill}, {@code
 *       atomic.fence}: {@code op}. {@code memory.init d}, {@code data.drop d}: {@code op d}.
 *   <li>{@code i32.const c}, {@code f32.const}: {@code op bits}; {@code i64.const}, {@code
 *       f64.const}: {@code op low high} (low 32 bits first).
 *   <li>{@code ref.null t}: {@code REF_NULL}; {@code ref.func f}: {@code REF_FUNC funcidx}.
 *   <li>{@code table.get/set/size/grow/fill x}: {@code op x}; {@code table.copy d s}: {@code op d
 *       s}; {@code table.init e t}: {@code op e t}; {@code elem.drop e}: {@code op e}.
 *   <li>every other instruction: {@code op} alone.
 * </ul>
 *
 * Targets are indices into {@link #code()}.
 *
 * @param code the instruction stream, ending with {@code RETURN}
 * @param offsets for each index of {@code code} where an instruction starts, the byte offset of the
 *     original instruction in the module (for trap locations); 0 elsewhere
 * @param numParams parameter count
 * @param numLocals parameters plus declared locals
 * @param numResults result count
 * @param maxStackHeight the most operand values live at once above the locals
 * @param funcidx the function's index in its module's function index space
 */
public record FunctionCode(
    int[] code,
    int[] offsets,
    int numParams,
    int numLocals,
    int numResults,
    int maxStackHeight,
    int funcidx) {}
