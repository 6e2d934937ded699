#define FOO_VERSION 10200
typedef struct FooContext FooContext;
typedef struct FooDevice FooDevice;
static inline int foo_init(FooContext **ctx) { (void)ctx; return 0; }
static inline int foo_open(FooContext *ctx, FooDevice **dev) {
  (void)ctx;
  (void)dev;
  return 0;
}
static inline void foo_close(FooDevice *dev) { (void)dev; }
