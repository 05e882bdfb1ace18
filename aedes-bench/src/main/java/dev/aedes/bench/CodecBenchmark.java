package dev.aedes.bench;

import dev.aedes.packet.Generator;
import dev.aedes.packet.Packet;
import dev.aedes.packet.Parser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.NettyMqttCodec;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parse and generate, ours against Netty's codec-mqtt, on the same wire bytes and the same
 * pooled allocator. Parsing is a full decode into a message object from a pooled buffer that
 * holds one packet; generating allocates a new buffer, fills it and releases it. Both run at
 * MQTT 3.1.1.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// The leak detector samples allocations on both sides; it is a test tool, not part of the cost.
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
public class CodecBenchmark {
  @Param({"PUBLISH_16B", "PUBLISH_1KIB", "CONNECT", "SUBSCRIBE"})
  public CodecCase packet;

  private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
  private Parser parser;
  private NettyMqttCodec netty;
  private Packet ours;
  private MqttMessage theirs;
  private ByteBuf wire;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    parser = new Parser(Parser.MAX_PACKET_SIZE, CodecCase.LEVEL);
    netty = new NettyMqttCodec(alloc);
    ours = packet.ours();
    theirs = packet.netty();
    wire = Generator.generate(ours, CodecCase.LEVEL, alloc);
    ByteBuf nettyWire = netty.encode(theirs);
    try {
      if (!ByteBufUtil.equals(wire, nettyWire)) {
        throw new IllegalStateException(packet + ": the codecs disagree on the bytes\nours:  "
            + ByteBufUtil.hexDump(wire) + "\nnetty: " + ByteBufUtil.hexDump(nettyWire));
      }
    } finally {
      nettyWire.release();
    }
    checkBothParse();
  }

  private void checkBothParse() throws Exception {
    if (!ours.equals(parseOurs())) {
      throw new IllegalStateException(packet + ": our parser does not round-trip");
    }
    MqttMessage decoded = parseNetty();
    try {
      if (decoded.fixedHeader().messageType() != theirs.fixedHeader().messageType()) {
        throw new IllegalStateException(packet + ": Netty decoded " + decoded);
      }
    } finally {
      ReferenceCountUtil.release(decoded);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    wire.release();
    ReferenceCountUtil.release(theirs);
    netty.close();
  }

  @Benchmark
  public void parseOurs(Blackhole bh) {
    bh.consume(parseOurs());
  }

  @Benchmark
  public void parseNetty(Blackhole bh) throws Exception {
    MqttMessage message = parseNetty();
    try {
      bh.consume(message);
    } finally {
      // A decoded PUBLISH holds a retained slice of the input.
      ReferenceCountUtil.release(message);
    }
  }

  @Benchmark
  public void generateOurs(Blackhole bh) {
    ByteBuf out = Generator.generate(ours, CodecCase.LEVEL, alloc);
    try {
      bh.consume(out);
    } finally {
      out.release();
    }
  }

  @Benchmark
  public void generateNetty(Blackhole bh) {
    ByteBuf out = netty.encode(theirs);
    try {
      bh.consume(out);
    } finally {
      out.release();
    }
  }

  private Packet parseOurs() {
    wire.readerIndex(0);
    return parser.next(wire);
  }

  private MqttMessage parseNetty() throws Exception {
    wire.readerIndex(0);
    return netty.decode(wire);
  }
}
