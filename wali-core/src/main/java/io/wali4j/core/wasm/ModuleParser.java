package io.wali4j.core.wasm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes the binary format (spec 5) into a {@link Module} in one pass over the bytes. Function
 * bodies are only delimited (locals decoded, instruction bytes located); decoding their
 * instructions is the validator's job. Constant expressions are delimited by stepping over their
 * instructions and kept as bytes.
 */
public final class ModuleParser {

  private static final int MAGIC = 0x6D736100; // "\0asm", little-endian
  private static final int VERSION = 1;

  /**
   * Most locals a function may declare. The spec's limit is 2^32-1; like other engines (V8 and
   * wasmtime allow 50,000) we refuse far fewer, since each local costs a slot in every frame.
   */
  static final int MAX_LOCALS = 50_000;

  private static final ValType[] NO_LOCALS = new ValType[0];

  private static final int CUSTOM = 0;
  private static final int TYPE = 1;
  private static final int IMPORT = 2;
  private static final int FUNCTION = 3;
  private static final int TABLE = 4;
  private static final int MEMORY = 5;
  private static final int GLOBAL = 6;
  private static final int EXPORT = 7;
  private static final int START = 8;
  private static final int ELEMENT = 9;
  private static final int CODE = 10;
  private static final int DATA = 11;
  private static final int DATA_COUNT = 12;

  /** Position of each non-custom section id in the required order (spec 5.5.2); 0 = unknown. */
  private static final int[] ORDER = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10};

  private final byte[] bytes;
  private final ByteReader r;

  private final List<FuncType> types = new ArrayList<>();
  private final List<Import> imports = new ArrayList<>();
  private int[] functionTypeIndices = new int[0];
  private final List<TableType> tables = new ArrayList<>();
  private final List<MemoryType> memories = new ArrayList<>();
  private final List<GlobalDef> globals = new ArrayList<>();
  private final List<Export> exports = new ArrayList<>();
  private int startFunction = -1;
  private final List<ElementSegment> elements = new ArrayList<>();
  private long dataCount = -1;
  private final List<DataSegment> datas = new ArrayList<>();
  private final ArrayList<FunctionBody> bodies = new ArrayList<>();
  private final List<CustomSection> customSections = new ArrayList<>();
  private NameSection names;
  private int lastOrder;
  private boolean sawCode;
  private boolean sawData;

  // Reused between function bodies: the run-length local declarations of the current body.
  private int[] localCounts = new int[8];
  private ValType[] localTypes = new ValType[8];

  private ModuleParser(byte[] bytes) {
    this.bytes = bytes;
    // Everything after the header is read inside some section, where the reference interpreter
    // reports running out of bytes as "unexpected end of section or function".
    this.r = new ByteReader(bytes, 0, bytes.length);
  }

  /**
   * Decodes {@code bytes}. The module keeps a reference to the array (bodies and expressions point
   * into it), so the caller must not modify it afterwards.
   *
   * @throws WasmException of kind {@link ErrorKind#MALFORMED} naming the byte offset and the rule
   */
  public static Module parse(byte[] bytes) {
    return new ModuleParser(bytes).module();
  }

  private Module module() {
    header();
    while (!r.atEnd()) {
      section();
    }
    checkCounts();
    return new Module(
        bytes,
        types,
        imports,
        functionTypeIndices,
        tables,
        memories,
        globals,
        exports,
        startFunction,
        elements,
        (int) dataCount,
        datas,
        bodies,
        customSections,
        names);
  }

  /** The magic and version (spec 5.5.16); a module cut short here is an "unexpected end". */
  private void header() {
    if (bytes.length < 4) {
      throw ByteReader.fail(Failure.UNEXPECTED_END, bytes.length);
    }
    if (r.f32Bits() != MAGIC) {
      throw ByteReader.fail(Failure.MAGIC_HEADER, 0);
    }
    if (bytes.length < 8) {
      throw ByteReader.fail(Failure.UNEXPECTED_END, bytes.length);
    }
    if (r.f32Bits() != VERSION) {
      throw ByteReader.fail(Failure.UNKNOWN_VERSION, 4);
    }
  }

  /** One section: id, size, contents that fill exactly that size (spec 5.5.2). */
  private void section() {
    int idAt = r.position();
    int id = r.u8();
    if (id >= ORDER.length) {
      throw ByteReader.fail(Failure.MALFORMED_SECTION_ID, idAt);
    }
    if (id != CUSTOM) {
      // A section out of order or repeated is left over once the sections have been read in
      // order, hence the reference interpreter's message.
      if (ORDER[id] <= lastOrder) {
        throw ByteReader.fail(Failure.JUNK_AFTER_LAST_SECTION, idAt);
      }
      lastOrder = ORDER[id];
    }
    int sizeAt = r.position();
    long size = r.u32() & 0xFFFFFFFFL;
    if (size > bytes.length) {
      throw ByteReader.fail(Failure.LENGTH_OUT_OF_BOUNDS, sizeAt);
    }
    // A section declared longer than the module is read up to the module's end: it fails
    // there, or ends short of its declared size.
    long declaredEnd = r.position() + size;
    r.limit((int) Math.min(declaredEnd, bytes.length));
    contents(id, declaredEnd);
    if (r.position() != declaredEnd) {
      throw ByteReader.fail(Failure.SECTION_SIZE_MISMATCH, r.position());
    }
    r.limit(bytes.length);
  }

  private void contents(int id, long declaredEnd) {
    switch (id) {
      case CUSTOM -> customSection(declaredEnd);
      case TYPE -> typeSection();
      case IMPORT -> importSection();
      case FUNCTION -> functionSection();
      case TABLE -> tableSection();
      case MEMORY -> memorySection();
      case GLOBAL -> globalSection();
      case EXPORT -> exportSection();
      case START -> startFunction = r.index();
      case ELEMENT -> elementSection();
      case CODE -> codeSection();
      case DATA -> dataSection();
      case DATA_COUNT -> dataCount = r.u32() & 0xFFFFFFFFL;
      default -> throw new IllegalStateException("section id " + id);
    }
  }

  private void customSection(long declaredEnd) {
    String name = r.name();
    int start = r.position();
    if (declaredEnd > r.limit()) {
      throw r.fail(Failure.UNEXPECTED_END_OF_SECTION);
    }
    int end = (int) declaredEnd;
    byte[] data = r.bytes(end - start);
    customSections.add(new CustomSection(name, data));
    if (names == null && name.equals("name")) {
      names = NameSectionDecoder.decode(bytes, start, end);
    }
  }

  private void typeSection() {
    int n = r.vecLength();
    for (int i = 0; i < n; i++) {
      types.add(Types.funcType(r));
    }
  }

  private void importSection() {
    int n = r.vecLength();
    for (int i = 0; i < n; i++) {
      String module = r.name();
      String name = r.name();
      int kindAt = r.position();
      ImportDesc desc =
          switch (r.u8()) {
            case 0 -> new ImportDesc.Func(r.index());
            case 1 -> Types.tableType(r);
            case 2 -> Types.memoryType(r);
            case 3 -> Types.globalType(r);
            default -> throw ByteReader.fail(Failure.MALFORMED_IMPORT_KIND, kindAt);
          };
      imports.add(new Import(module, name, desc));
    }
  }

  private void functionSection() {
    int n = r.vecLength();
    functionTypeIndices = new int[n];
    for (int i = 0; i < n; i++) {
      functionTypeIndices[i] = r.index();
    }
  }

  private void tableSection() {
    int n = r.vecLength();
    for (int i = 0; i < n; i++) {
      tables.add(Types.tableType(r));
    }
  }

  private void memorySection() {
    int n = r.vecLength();
    for (int i = 0; i < n; i++) {
      memories.add(Types.memoryType(r));
    }
  }

  private void globalSection() {
    int n = r.vecLength();
    for (int i = 0; i < n; i++) {
      GlobalType type = Types.globalType(r);
      globals.add(new GlobalDef(type, SegmentDecoder.constExpr(r)));
    }
  }

  private void exportSection() {
    int n = r.vecLength();
    for (int i = 0; i < n; i++) {
      String name = r.name();
      int kindAt = r.position();
      ExternKind kind = ExternKind.fromCode(r.u8());
      if (kind == null) {
        throw ByteReader.fail(Failure.MALFORMED_EXPORT_KIND, kindAt);
      }
      exports.add(new Export(name, kind, r.index()));
    }
  }

  private void elementSection() {
    int n = r.vecLength();
    for (int i = 0; i < n; i++) {
      elements.add(SegmentDecoder.element(r));
    }
  }

  private void dataSection() {
    sawData = true;
    int n = r.vecLength();
    for (int i = 0; i < n; i++) {
      datas.add(SegmentDecoder.data(r));
    }
  }

  private void codeSection() {
    sawCode = true;
    int n = r.vecLength();
    bodies.ensureCapacity(n);
    int sectionEnd = r.limit();
    for (int i = 0; i < n; i++) {
      int sizeAt = r.position();
      long size = r.u32() & 0xFFFFFFFFL;
      int start = r.position();
      if (size > bytes.length) {
        throw ByteReader.fail(Failure.LENGTH_OUT_OF_BOUNDS, sizeAt);
      }
      if (size > sectionEnd - start) {
        throw ByteReader.fail(Failure.UNEXPECTED_END_OF_SECTION, sectionEnd);
      }
      int end = start + (int) size;
      r.limit(end);
      ValType[] locals = locals();
      bodies.add(new FunctionBody(locals, r.position(), end));
      r.position(end);
      r.limit(sectionEnd);
    }
  }

  /**
   * The local declarations of a function body (spec 5.5.13), expanded. Their total may not exceed
   * 2^32-1; it is summed in a long and checked before anything is allocated, since a few bytes can
   * declare billions of locals.
   */
  private ValType[] locals() {
    int at = r.position();
    int groups = r.vecLength();
    if (groups > localCounts.length) {
      localCounts = new int[groups];
      localTypes = new ValType[groups];
    }
    long total = 0;
    for (int i = 0; i < groups; i++) {
      int count = r.u32();
      localCounts[i] = count;
      localTypes[i] = Types.valType(r);
      total += count & 0xFFFFFFFFL;
    }
    if (total > 0xFFFFFFFFL) {
      throw ByteReader.fail(Failure.TOO_MANY_LOCALS, at);
    }
    if (total > MAX_LOCALS) {
      throw new WasmException(
          Failure.TOO_MANY_LOCALS,
          total + " locals at byte offset " + at + " (this engine allows " + MAX_LOCALS + ")");
    }
    if (total == 0) {
      return NO_LOCALS;
    }
    ValType[] locals = new ValType[(int) total];
    int k = 0;
    for (int i = 0; i < groups; i++) {
      Arrays.fill(locals, k, k + localCounts[i], localTypes[i]);
      k += localCounts[i];
    }
    return locals;
  }

  /** Cross-section rules (spec 5.5.16): function vs code, data count vs data. */
  private void checkCounts() {
    int codes = sawCode ? bodies.size() : 0;
    if (functionTypeIndices.length != codes) {
      throw ByteReader.fail(Failure.FUNCTION_CODE_MISMATCH, bytes.length);
    }
    // After this check dataCount is -1 or a real segment count, so it fits in an int.
    if (dataCount >= 0 && dataCount != (sawData ? datas.size() : 0)) {
      throw ByteReader.fail(Failure.DATA_COUNT_MISMATCH, bytes.length);
    }
  }
}
