/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.reuseport.server.connection;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConnectionDeadlines} and {@link ConnectionDeadlineHandler}: deadlines
 * counted in sweeps, never enforced before their timeout and at most two sweep intervals
 * after it. Time is the embedded event loop's frozen clock, advanced 10 ms at a time.
 *
 * @author reuseport team
 */
class ConnectionDeadlinesTests {

	private final EmbeddedChannel channel = new EmbeddedChannel();

	private final WorkerStatistics statistics = new WorkerStatistics();

	private long elapsedMillis;

	@AfterEach
	void close() {
		this.channel.finishAndReleaseAll();
	}

	@Test
	void idleConnectionIsClosedNoEarlierThanItsTimeoutAndWithinTwoSweeps() {
		// 800 ms idle timeout: a sweep every 100 ms
		ConnectionDeadlineHandler handler = install(Duration.ofMillis(800), null);
		advanceTo(800);
		assertThat(this.channel.isOpen()).as("open when the timeout has just passed").isTrue();
		advanceTo(1000);
		assertThat(this.channel.isOpen()).isFalse();
		assertThat(this.statistics.getIdleTimeouts()).isOne();
		assertThat(handler.isReceivingHeaders()).isFalse();
	}

	@Test
	void requestWhoseHeadersTrickleIsClosedNoEarlierThanTheHeaderTimeout() {
		// 400 ms header timeout: a sweep every 50 ms
		install(Duration.ofSeconds(60), Duration.ofMillis(400));
		advanceTo(1000);
		this.channel.writeInbound(Unpooled.wrappedBuffer(new byte[] { 'G', 'E' }));
		ReferenceCountUtil.release(this.channel.readInbound());
		advanceTo(1400);
		assertThat(this.channel.isOpen()).as("open when the timeout has just passed").isTrue();
		advanceTo(1500);
		assertThat(this.channel.isOpen()).isFalse();
		assertThat(this.statistics.getRequestHeaderTimeouts()).isOne();
	}

	@Test
	void requestInFlightIsNeverCutAndTheIdleDeadlineRestartsAfterIt() {
		ConnectionDeadlineHandler handler = install(Duration.ofMillis(800), Duration.ofMillis(400));
		this.channel.writeInbound(Unpooled.wrappedBuffer(new byte[] { 'G' }));
		ReferenceCountUtil.release(this.channel.readInbound());
		handler.requestReceived();
		advanceTo(5000);
		assertThat(this.channel.isOpen()).as("a request in flight has no deadline").isTrue();
		handler.requestCompleted();
		advanceTo(5800);
		assertThat(this.channel.isOpen()).isTrue();
		advanceTo(6000);
		assertThat(this.channel.isOpen()).isFalse();
		assertThat(this.statistics.getIdleTimeouts()).isOne();
	}

	private ConnectionDeadlineHandler install(Duration idleTimeout, @Nullable Duration headerTimeout) {
		this.channel.freezeTime();
		ConnectionDeadlines deadlines = new ConnectionDeadlines(this.channel.eventLoop(), idleTimeout, headerTimeout);
		ConnectionDeadlineHandler handler = new ConnectionDeadlineHandler(deadlines, this.statistics);
		this.channel.pipeline().addFirst(ConnectionDeadlineHandler.NAME, handler);
		return handler;
	}

	private void advanceTo(long millis) {
		while (this.elapsedMillis < millis) {
			this.channel.advanceTimeBy(10, TimeUnit.MILLISECONDS);
			this.elapsedMillis += 10;
			this.channel.runScheduledPendingTasks();
		}
	}

}
