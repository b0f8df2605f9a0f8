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

package dev.reuseport.server;

import dev.reuseport.server.linux.PortListeners;
import dev.reuseport.server.linux.ReusePortTransport;
import dev.reuseport.server.linux.WorkerTransport;
import dev.reuseport.testsupport.RawHttpConnection;
import dev.reuseport.testsupport.Requirements;
import dev.reuseport.testsupport.StartedServers;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for each {@link ReusePortTransport} on real listeners.
 *
 * @author reuseport team
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "epoll and io_uring exist on Linux only")
class TransportTests {

	@RegisterExtension
	final StartedServers servers = new StartedServers();

	private void assertServesOnTwoListeners(ReusePortTransport transport, String threadPrefix) {
		ReusePortReactiveWebServerFactory factory = new ReusePortReactiveWebServerFactory(0);
		factory.setWorkers(2);
		factory.setTransport(transport);
		ReusePortWebServer server = this.servers.start(factory);
		assertThat(PortListeners.forPort(server.getPort()).ownedByThisProcess()).isEqualTo(2);
		assertThat(RawHttpConnection.get(server.getPort(), "/")).matches(threadPrefix);
	}

	@Test
	void epoll() {
		Requirements.require(Epoll.isAvailable(), () -> "epoll is not available: " + Epoll.unavailabilityCause());
		assertServesOnTwoListeners(ReusePortTransport.EPOLL, "reuseport-[01]-epoll-1");
	}

	@Test
	void ioUring() {
		Requirements.require(IoUring.isAvailable(),
				() -> "io_uring is not available: " + IoUring.unavailabilityCause());
		assertServesOnTwoListeners(ReusePortTransport.IO_URING, "reuseport-[01]-io_uring-1");
	}

	@Test
	void nio() {
		assertServesOnTwoListeners(ReusePortTransport.NIO, "reuseport-[01]-nio-1");
	}

	@Test
	void autoPrefersEpoll() {
		Requirements.require(Epoll.isAvailable(), () -> "epoll is not available: " + Epoll.unavailabilityCause());
		assertThat(WorkerTransport.resolve(ReusePortTransport.AUTO).getTransport()).isEqualTo(ReusePortTransport.EPOLL);
	}

}
