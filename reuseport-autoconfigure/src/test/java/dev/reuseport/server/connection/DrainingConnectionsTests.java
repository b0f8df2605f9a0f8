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

import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link DrainingConnections} on a connection whose event loop has stopped
 * (with balanced placement, a connection of a draining worker may be served on the loop
 * of another worker that is stopping): the drain goes on with the other connections.
 *
 * @author reuseport team
 */
class DrainingConnectionsTests {

	@Test
	void announcingTheDrainToAConnectionWhoseLoopHasStoppedDoesNotFail() throws Exception {
		LocalChannel channel = channelOnStoppedLoop();
		assertThatNoException().isThrownBy(() -> DrainingConnections.announce(channel));
	}

	@Test
	void closingIdleConnectionsWhoseLoopHasStoppedDoesNotFail() throws Exception {
		LocalChannel channel = channelOnStoppedLoop();
		assertThatNoException().isThrownBy(() -> DrainingConnections.closeIdle(channel));
	}

	private static LocalChannel channelOnStoppedLoop() throws InterruptedException {
		EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
		LocalChannel channel = new LocalChannel();
		loops.register(channel).sync();
		loops.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
		return channel;
	}

}
