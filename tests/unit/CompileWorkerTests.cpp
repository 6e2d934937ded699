//===- CompileWorkerTests.cpp - The worker wire and the pool's verdicts ---===//
//
// The wire: a real compile's result (diagnostics with notes and fix-its,
// symbols, link references, definitions, inputs) survives the trip through
// JSON unchanged, and anything else is refused. The pool: stand-in workers
// (small shell scripts in a temporary folder) that crash, hang, run out of
// memory, answer nonsense or cannot start, each reported as what happened.
//
//===----------------------------------------------------------------------===//
#include "CompileWorkers.h"

#include "llvm/Support/MemoryBuffer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/describe/enumerators.hpp>
#include <boost/mp11/algorithm.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

namespace fs = std::filesystem;
using namespace cgols;
using ::testing::HasSubstr;

namespace {

CompileRequest requestFor(const std::string &Preamble) {
  CompileRequest R;
  R.GoFilePath = "/ws/p/a.go";
  R.Preamble = Preamble;
  R.T = *parseTarget("linux/amd64");
  R.Flags = {"-DX=1", "-I/ws/p/inc"};
  R.Sysroot = CGOLS_TEST_FIXTURES "/linux-sysroot";
  R.ResourceDir = CGOLS_CLANG_RESOURCE_DIR;
  R.CollectSymbols = true;
  return R;
}

TEST(CompileWire, ARealResultSurvivesTheTrip) {
  auto Mem = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  Mem->addFile("/ws/p/local.h", 0,
               llvm::MemoryBuffer::getMemBufferCopy("int fromLocal(void);\n"));
  auto FS = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
      llvm::vfs::getRealFileSystem());
  FS->pushOverlay(Mem);
  CompileRequest Req =
      requestFor("#include <stdio.h>\n#include \"local.h\"\n"
                 "/* Adds. */\nstatic int add(int a, int b) { return a + b; }\n"
                 "int exported(void) { return puts(\"x\") + missing; }\n"
                 "int *p = 1;\n#define LIMIT 64\n");
  CompileResult R = compilePreamble(Req, FS);
  ASSERT_FALSE(R.Diags.empty());
  ASSERT_FALSE(R.Symbols.empty());
  ASSERT_FALSE(R.Definitions.empty());
  ASSERT_FALSE(R.LinkRefs.empty());
  ASSERT_FALSE(R.UserInputs.empty());
  std::string Wire = encodeCompileResult(R);
  std::optional<CompileResult> Back = decodeCompileResult(Wire);
  ASSERT_TRUE(Back);
  EXPECT_TRUE(*Back == R); // every field (equality is the field list's)
  EXPECT_TRUE(Back->DeclaredNames == R.DeclaredNames);
  EXPECT_TRUE(Back->DeclaredNames.contains("add"));
  EXPECT_EQ(Back->Diags.size(), R.Diags.size());
  EXPECT_EQ(Back->Diags[0].Message, R.Diags[0].Message);
  EXPECT_EQ(Back->UserInputs, R.UserInputs);
  EXPECT_EQ(Back->Symbols.back().GoView, R.Symbols.back().GoView);
}

TEST(CompileWire, ASplitAnswerMergesToThePlainResult) {
  auto FS = llvm::vfs::getRealFileSystem();
  CompileRequest Req = requestFor("#include <stdio.h>\n#undef EOF\n"
                                  "int f(void) { return puts(\"x\"); }\n");
  Req.Precompile = true;
  PrecompiledStore Store;
  SplitResult S = compilePreambleSplit(Req, FS, &Store);
  ASSERT_TRUE(S.Part);
  ASSERT_FALSE(S.PartId.empty());
  std::string Merged =
      encodeCompileResult(mergePrecompiled(*S.Part, S.Body, S.Facts));
  // With the part, and without it (the server holds it).
  std::optional<WorkerAnswer> With =
      decodeWorkerAnswer(encodeWorkerAnswer(S, true));
  ASSERT_TRUE(With);
  ASSERT_TRUE(With->Part);
  EXPECT_EQ(With->PartId, S.PartId);
  EXPECT_EQ(encodeCompileResult(
                mergePrecompiled(*With->Part, With->Body, With->Facts)),
            Merged);
  std::optional<WorkerAnswer> Without =
      decodeWorkerAnswer(encodeWorkerAnswer(S, false));
  ASSERT_TRUE(Without);
  EXPECT_FALSE(Without->Part);
  EXPECT_EQ(encodeCompileResult(
                mergePrecompiled(*S.Part, Without->Body, Without->Facts)),
            Merged);
  // A whole result travels as one.
  SplitResult Whole;
  Whole.Body = mergePrecompiled(*S.Part, S.Body, S.Facts);
  std::optional<WorkerAnswer> One =
      decodeWorkerAnswer(encodeWorkerAnswer(Whole, false));
  ASSERT_TRUE(One);
  EXPECT_TRUE(One->PartId.empty());
  EXPECT_EQ(encodeCompileResult(One->Body), Merged);
}

TEST(CompileWire, RequestsKeepTheirBytesAndOverlay) {
  WorkerRequest W;
  W.Req = requestFor("int \xE9t\xE9;\n"); // not UTF-8: kept as it is
  W.Req.SourcePath = "/ws/p/x.m";
  W.Req.SymbolNames = {"a", "b"};
  W.Overlay["/ws/p/h.h"] = "int h;\n";
  auto Back = decodeWorkerRequest(encodeWorkerRequest(W));
  ASSERT_TRUE(Back);
  EXPECT_EQ(Back->Req.Preamble, W.Req.Preamble);
  EXPECT_EQ(Back->Req.Flags, W.Req.Flags);
  EXPECT_EQ(Back->Req.T, W.Req.T);
  EXPECT_EQ(Back->Req.SourcePath, "/ws/p/x.m");
  EXPECT_EQ(Back->Req.SymbolNames, W.Req.SymbolNames);
  EXPECT_EQ(Back->Overlay, W.Overlay);
}

TEST(CompileWire, AnythingElseIsRefused) {
  // The empty result, as the wire has it: one element per field.
  std::string Empty = encodeCompileResult(CompileResult());
  ASSERT_TRUE(decodeCompileResult(Empty));
  ASSERT_EQ(Empty, "[0,\"\",[],\"\",\"\",\"\",[],[],[],[],[],[],[],false]");
  for (const char *Bad :
       {"", "null", "[]", "{}", "not json",
        // A failure that is not one of CompileFailure's.
        "[99,\"\",[],\"\",\"\",\"\",[],[],[],[],[],[],[],false]",
        // A field short.
        "[0,\"\",[],\"\",\"\",\"\",[],[],[],[],[],[],[]]",
        // A flag per declared name is missing.
        "[0,\"\",[],\"a\",\"\",\"\",[],[],[],[],[],[],[],false]",
        // Declared names out of order.
        "[0,\"\",[],\"b\\na\",\"\",\"11\",[],[],[],[],[],[],[],false]",
        // A negative size.
        "[0,\"\",[],\"\",\"\",\"\",[],[],[],[],[],[],[[\"/h\",-1]],false]"})
    EXPECT_FALSE(decodeCompileResult(Bad)) << Bad;
  EXPECT_FALSE(decodeWorkerRequest("{\"go\": 1}"));
  EXPECT_FALSE(decodeWorkerRequest("[1]"));
}

// Sets every field of V, through the field lists, to a value that is not
// its default (each one different), so that a field the wire forgot, or that
// equality skips, shows.
struct Filler {
  int N = 0;
  template <class T> void fill(T &V) {
    ++N;
    if constexpr (std::is_same_v<T, std::string>) {
      V = "v" + std::to_string(N) + "\xE9"; // not UTF-8: kept as it is
    } else if constexpr (std::is_same_v<T, bool>) {
      V = !V;
    } else if constexpr (std::is_enum_v<T>) {
      // The last enumerator: never the default here.
      boost::mp11::mp_for_each<boost::describe::describe_enumerators<T>>(
          [&](auto D) { V = D.value; });
    } else if constexpr (std::is_integral_v<T>) {
      V = static_cast<T>(N);
    } else if constexpr (std::is_same_v<T, NameList>) {
      V = NameList({"n" + std::to_string(N), "m" + std::to_string(N)});
    } else if constexpr (std::is_same_v<T, std::vector<bool>>) {
      V = {true, false};
    } else if constexpr (fields::Listed<T>) {
      fields::forEach(V, [&](const char *, auto &F) { fill(F); });
    } else if constexpr (std::is_same_v<T,
                                        std::map<std::string, std::string>>) {
      V["/k" + std::to_string(N)] = "t";
    } else if constexpr (std::is_same_v<T,
                                        std::set<std::string, std::less<>>>) {
      V.insert("s" + std::to_string(N));
    } else if constexpr (std::is_same_v<T,
                                        std::pair<std::string, std::string>> ||
                         std::is_same_v<
                             T, std::pair<std::string, std::uint64_t>>) {
      fill(V.first);
      fill(V.second);
    } else {
      fill(V.emplace_back());
    }
  }
};

// CDiagnostic's notes are CDiagnostics: filled one level deep.
template <> void Filler::fill(std::vector<CDiagnostic> &V) {
  ++N;
  CDiagnostic D;
  fields::forEach(D, [&](const char *Name, auto &F) {
    if constexpr (!std::is_same_v<std::decay_t<decltype(F)>,
                                  std::vector<CDiagnostic>>)
      fill(F);
  });
  D.Notes.emplace_back().Message = "note";
  V.push_back(std::move(D));
}

template <class T> T filled() {
  T V;
  Filler().fill(V);
  return V;
}

TEST(CompileWire, EveryFieldSurvivesTheTrip) {
  CompileResult R = filled<CompileResult>();
  ASSERT_EQ(R.DeclaredExternal.size(), R.DeclaredNames.size());
  auto Back = decodeCompileResult(encodeCompileResult(R));
  ASSERT_TRUE(Back);
  EXPECT_TRUE(*Back == R);

  WorkerRequest W = filled<WorkerRequest>();
  auto WBack = decodeWorkerRequest(encodeWorkerRequest(W));
  ASSERT_TRUE(WBack);
  EXPECT_TRUE(*WBack == W);

  SplitResult S;
  S.Body = R;
  S.Part = std::make_shared<CompileResult>(R);
  S.PartId = "part";
  S.Facts = filled<BodyFacts>();
  std::sort(S.Facts.External.begin(), S.Facts.External.end());
  auto A = decodeWorkerAnswer(encodeWorkerAnswer(S, true));
  ASSERT_TRUE(A);
  EXPECT_TRUE(A->Body == R);
  ASSERT_TRUE(A->Part);
  EXPECT_TRUE(*A->Part == R);
  EXPECT_TRUE(A->Facts == S.Facts);
}

// Equality is the field list's: a change to any one field makes a struct
// differ (a field equality skipped would not).
template <class T> void eachFieldCounts() {
  const T Default{};
  const T Full = filled<T>();
  std::size_t I = 0;
  fields::forEach(Full, [&](const char *Name, const auto &F) {
    T One = Default;
    std::size_t J = 0;
    fields::forEach(One, [&](const char *, auto &G) {
      if constexpr (std::is_same_v<std::decay_t<decltype(G)>,
                                   std::decay_t<decltype(F)>>)
        if (J == I)
          G = F;
      ++J;
    });
    EXPECT_FALSE(One == Default) << Name;
    ++I;
  });
}

TEST(CompileWire, EqualityComparesEveryField) {
  eachFieldCounts<CompileResult>();
  eachFieldCounts<CompileRequest>();
  eachFieldCounts<CDiagnostic>();
  eachFieldCounts<CSymbol>();
  eachFieldCounts<CDefinition>();
  eachFieldCounts<CLinkRef>();
  eachFieldCounts<CLocation>();
  eachFieldCounts<WorkerRequest>();
  eachFieldCounts<Target>();
}

// Stand-in workers: each a script that behaves badly in one way.
class Pool : public ::testing::Test {
protected:
  void SetUp() override {
    std::string T = (fs::temp_directory_path() / "cgols-pool-XXXXXX");
    ASSERT_TRUE(mkdtemp(T.data()));
    Dir = T;
  }
  void TearDown() override { fs::remove_all(Dir); }
  std::string script(const std::string &Name, const std::string &Body) {
    fs::path P = Dir / Name;
    std::ofstream(P) << "#!/bin/sh\n" << Body << "\n";
    fs::permissions(P, fs::perms::owner_all);
    return P.string();
  }
  CompileResult run(const std::string &Exe, unsigned Timeout = 10,
                    const std::atomic<bool> *Cancelled = nullptr) {
    CompileWorkers W(Exe);
    WorkerRequest R;
    R.Req = requestFor("int x;\n");
    WorkerLimits L;
    L.TimeoutSeconds = Timeout;
    L.MemoryMB = 512;
    return W.compile(R, L, Cancelled);
  }
  fs::path Dir;
};

TEST_F(Pool, ACrashIsTheSignal) {
  CompileResult R = run(script("crash", "kill -SEGV $$"));
  EXPECT_EQ(R.Failure, CompileFailure::Crashed);
  EXPECT_THAT(R.FailureDetail, HasSubstr("signal 11"));
}

TEST_F(Pool, OutOfMemoryIsItsExitCode) {
  CompileResult R =
      run(script("oom", "exit " + std::to_string(WorkerOutOfMemoryExit)));
  EXPECT_EQ(R.Failure, CompileFailure::OutOfMemory);
  EXPECT_EQ(R.FailureDetail, "more than 512 MB");
}

TEST_F(Pool, AHangIsStoppedAtTheDeadline) {
  auto T0 = std::chrono::steady_clock::now();
  CompileResult R = run(script("hang", "exec sleep 30"), 1);
  EXPECT_EQ(R.Failure, CompileFailure::TimedOut);
  EXPECT_LT(std::chrono::steady_clock::now() - T0, std::chrono::seconds(5));
}

TEST_F(Pool, CancellingStopsTheCompile) {
  std::atomic<bool> Cancel{false};
  std::thread T([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    Cancel = true;
  });
  auto T0 = std::chrono::steady_clock::now();
  CompileResult R = run(script("slow", "exec sleep 30"), 20, &Cancel);
  T.join();
  EXPECT_EQ(R.Failure, CompileFailure::Cancelled);
  EXPECT_LT(std::chrono::steady_clock::now() - T0, std::chrono::seconds(5));
}

TEST_F(Pool, KillAllStopsACompileInAnotherThread) {
  CompileWorkers W(script("slow", "exec sleep 30"));
  WorkerRequest R;
  R.Req = requestFor("int x;\n");
  CompileResult Got;
  auto T0 = std::chrono::steady_clock::now();
  std::thread T([&] { Got = W.compile(R, WorkerLimits{}, nullptr); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  W.killAll(); // shutdown, from the dispatcher
  T.join();
  EXPECT_EQ(Got.Failure, CompileFailure::Cancelled);
  EXPECT_LT(std::chrono::steady_clock::now() - T0, std::chrono::seconds(5));
  EXPECT_EQ(W.started(), 1u); // one worker, stopped by its own thread
}

TEST_F(Pool, NonsenseOrNoWorkerIsSaid) {
  // cat answers with the request itself: not a result.
  CompileResult R = run(script("echo", "exec cat"));
  EXPECT_EQ(R.Failure, CompileFailure::NoWorker);
  EXPECT_THAT(R.FailureDetail, HasSubstr("not a compile result"));
  R = run((Dir / "absent").string());
  EXPECT_EQ(R.Failure, CompileFailure::NoWorker);
  EXPECT_THAT(R.FailureDetail, HasSubstr("cannot start"));
}

// A compile cancelled by a newer edit does not kill its worker: the worker
// finishes in the background and serves the next compile of the same
// block (its precompiled blocks survive typing); one that does not finish
// within 2 s is killed then.
TEST_F(Pool, ACancelledCompilesWorkerFinishesAndIsReused) {
  CompileWorkers W(CGOLS_BINARY);
  WorkerRequest R;
  R.Req = requestFor("#include <stdio.h>\nint x;\n");
  R.Req.Precompile = true;
  std::atomic<bool> Cancel{true};
  EXPECT_EQ(W.compile(R, WorkerLimits{}, &Cancel).Failure,
            CompileFailure::Cancelled);
  CompileResult Next = W.compile(R, WorkerLimits{}, nullptr);
  EXPECT_EQ(Next.Failure, CompileFailure::None) << Next.FailureDetail;
  EXPECT_TRUE(Next.DeclaredNames.contains("x"));
  EXPECT_EQ(W.started(), 1u);
}

TEST_F(Pool, ACancelledCompileThatHangsIsKilledAfterItsDrainTime) {
  CompileWorkers W(script("slow", "exec sleep 30"));
  WorkerRequest R;
  R.Req = requestFor("int x;\n");
  std::atomic<bool> Cancel{true};
  auto T0 = std::chrono::steady_clock::now();
  EXPECT_EQ(W.compile(R, WorkerLimits{}, &Cancel).Failure,
            CompileFailure::Cancelled);
  EXPECT_LT(std::chrono::steady_clock::now() - T0, std::chrono::seconds(1));
  // The next compile of the same request waits for it, then starts another.
  WorkerLimits Short;
  Short.TimeoutSeconds = 1;
  EXPECT_EQ(W.compile(R, Short, nullptr).Failure, CompileFailure::TimedOut);
  EXPECT_EQ(W.started(), 2u);
  EXPECT_LT(std::chrono::steady_clock::now() - T0, std::chrono::seconds(6));
}

} // namespace
