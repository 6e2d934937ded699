//===- Progress.cpp -------------------------------------------------------===//
#include "Progress.h"

namespace cgols::protocol {

void ProgressReporter::enable(bool On) {
  std::lock_guard<std::mutex> L(M);
  Enabled = On;
}

void ProgressReporter::send(const std::string &Token, const ProgressValue &V) {
  Send(makeNotification("$/progress",
                        json::object{{"token", Token}, {"value", toJSON(V)}}));
}

void ProgressReporter::update(const std::string &Key, const std::string &Title,
                              unsigned Done, unsigned Total) {
  using K = ProgressValue::Kind;
  unsigned Percent = Total ? Done * 100 / Total : 100;
  bool Last = Done >= Total;
  std::unique_lock<std::mutex> L(M);
  if (!Enabled)
    return;
  if (Done == 0) {
    // A new run: the token is created first; begin (and end, if the run
    // ended meanwhile) go out once the client accepted it.
    std::string Token = "cgols/" + Key;
    Runs[Key] = Run{Token, Title, false, Last, 0};
    L.unlock();
    EP.request(
        "window/workDoneProgress/create", json::object{{"token", Token}},
        [this, Key](std::optional<json::value>, const std::string &Error) {
          std::unique_lock<std::mutex> L(M);
          auto It = Runs.find(Key);
          if (It == Runs.end())
            return;
          Run R = It->second;
          // Its result is null; an error is a refusal: no progress then.
          if (!Error.empty() || R.Ended)
            Runs.erase(It);
          else
            It->second.Created = true;
          L.unlock();
          if (!Error.empty())
            return;
          send(R.Token, {K::Begin, R.Title, R.Percent});
          if (R.Ended)
            send(R.Token, {K::End, "", 100});
        });
    return;
  }
  auto It = Runs.find(Key);
  if (It == Runs.end())
    return; // never begun, or refused
  Run &R = It->second;
  bool Report = !Last && Percent >= R.Percent + 5;
  if (Report || Last)
    R.Percent = Percent;
  if (!R.Created) {
    R.Ended = R.Ended || Last;
    return;
  }
  std::string Token = R.Token;
  if (Last)
    Runs.erase(It);
  else if (!Report)
    return;
  L.unlock();
  send(Token, {Last ? K::End : K::Report, "", Percent});
}

} // namespace cgols::protocol
