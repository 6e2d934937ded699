//===- CompileWire.h - Compile requests and results between processes -----===//
//
// The messages between the server and its compile workers (`cgols worker`):
// a CompileRequest with the files the editor has open (the worker reads the
// rest from disk as the server would), and the CompileResult back. JSON
// (Boost.JSON) in Content-Length frames, the LSP's own framing. Strings
// carry the user's bytes as they are (no UTF-8 check on either side: the
// publisher makes text valid UTF-8 on the way out, as for in-process
// results).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "cunit/PreambleCompiler.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cgols {

struct WorkerRequest {
  CompileRequest Req;
  /// Open documents: path → text, read instead of the disk.
  std::map<std::string, std::string> Overlay;
  /// The precompiled blocks' parts (SplitResult::PartId) the server holds
  /// from this worker: the worker does not send those again.
  std::vector<std::string> HaveParts;
};
CGOLS_FIELDS(WorkerRequest, Req, Overlay, HaveParts)

std::string encodeWorkerRequest(const WorkerRequest &R);
/// Nullopt when Body is not a request (the worker then exits).
std::optional<WorkerRequest> decodeWorkerRequest(const std::string &Body);

std::string encodeCompileResult(const CompileResult &R);
/// Nullopt when Body is not a result (the server then drops the worker).
std::optional<CompileResult> decodeCompileResult(const std::string &Body);

/// A worker's answer: a whole result, or the rest of one that parsed over a
/// precompiled block (PartId set), with the block's part when the request
/// did not list it among HaveParts. A gtk.h block's part is about 1.4 MB of
/// JSON, 15-22 ms to encode and decode (the benchmark's engine_gtk/wire);
/// the rest, after a body edit, 906 bytes.
struct WorkerAnswer {
  CompileResult Body;
  std::string PartId;
  std::optional<CompileResult> Part;
  BodyFacts Facts;
};
std::string encodeWorkerAnswer(const SplitResult &S, bool WithPart);
std::optional<WorkerAnswer> decodeWorkerAnswer(const std::string &Body);

} // namespace cgols
