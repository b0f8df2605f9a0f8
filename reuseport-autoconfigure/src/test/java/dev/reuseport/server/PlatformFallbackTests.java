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
import dev.reuseport.server.linux.ReusePortPlatform;
import dev.reuseport.server.linux.ReusePortTransport;
import dev.reuseport.testsupport.RawHttpConnection;
import dev.reuseport.testsupport.StartedServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the single-worker fallback on platforms whose kernel does not balance
 * {@code SO_REUSEPORT} listeners, forced on Linux through the operating system name.
 *
 * @author reuseport team
 */
@ExtendWith(OutputCaptureExtension.class)
class PlatformFallbackTests {

	@RegisterExtension
	final StartedServers servers = new StartedServers();

	private ReusePortWebServer start(String operatingSystem) {
		ReusePortReactiveWebServerFactory factory = new ReusePortReactiveWebServerFactory(0);
		factory.setWorkers(4);
		factory.setTransport(ReusePortTransport.NIO);
		factory.setOperatingSystem(operatingSystem);
		return this.servers.start(factory);
	}

	@Test
	void macOsRunsOneWorkerAndSaysWhy(CapturedOutput output) {
		ReusePortWebServer server = start("Mac OS X");
		assertThat(server.getWorkerGroup().getWorkers()).hasSize(1);
		assertThat(RawHttpConnection.get(server.getPort(), "/")).isEqualTo("reuseport-0-nio-1");
		assertThat(output).containsOnlyOnce("Starting 1 worker instead of")
			.contains("Starting 1 worker instead of 4: SO_REUSEPORT on Mac OS X hands every new connection to the"
					+ " last listener bound");
	}

	@Test
	void windowsRunsOneWorkerWithoutReusePort(CapturedOutput output) {
		ReusePortWebServer server = start("Windows 11");
		assertThat(server.getWorkerGroup().getWorkers()).hasSize(1);
		assertThat(PortListeners.forPort(server.getPort()).total()).isEqualTo(1);
		assertThat(output).contains("Starting 1 worker instead of 4: Windows 11 has no SO_REUSEPORT");
	}

	@Test
	void platformIsReadFromOperatingSystemName() {
		assertThat(ReusePortPlatform.of("Linux")).isEqualTo(ReusePortPlatform.BALANCING);
		assertThat(ReusePortPlatform.of("Windows Server 2022")).isEqualTo(ReusePortPlatform.UNSUPPORTED);
		assertThat(ReusePortPlatform.of("Mac OS X").isBalancing()).isFalse();
	}

}
