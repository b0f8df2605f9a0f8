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

package dev.reuseport.autoconfigure;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.List;

import dev.reuseport.testsupport.ChildJvm;
import dev.reuseport.testsupport.TestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests that start-up failures print a failure analysis that says what, why and what to
 * do.
 *
 * @author reuseport team
 */
@ExtendWith(OutputCaptureExtension.class)
@EnabledOnOs(value = OS.LINUX, disabledReason = "SO_REUSEPORT group membership checks are Linux behaviour")
class StartupFailureAnalysisTests {

	private static void run(String... properties) {
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.REACTIVE)
				.properties("spring.main.banner-mode=off", "reuseport.workers=2")
				.properties(properties)
				.run());
	}

	@Test
	void foreignReusePortListener(CapturedOutput output) throws IOException {
		try (ServerSocketChannel foreign = ServerSocketChannel.open()) {
			foreign.setOption(StandardSocketOptions.SO_REUSEPORT, true);
			foreign.bind(new InetSocketAddress(0));
			int port = ((InetSocketAddress) foreign.getLocalAddress()).getPort();
			run("server.port=" + port);
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("Port " + port + " is already in use by another process that listens with SO_REUSEPORT")
				.contains("set 'reuseport.allow-shared-port=true'");
		}
	}

	@Test
	void cacheCoherenceWithoutLettuceConnectionFactory(CapturedOutput output) {
		run("server.port=0", "reuseport.cache.redis.enabled=true",
				"spring.autoconfigure.exclude=org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration,"
						+ "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("'reuseport.cache.redis.enabled' is true, so every cache invalidation is to be published "
					+ "through Redis pub/sub, but the application has no LettuceConnectionFactory bean.")
			.contains("Use Lettuce")
			.contains("reuseport.cache.redis.url");
	}

	@Test
	void plainListenerGivesSpringBootsPortInUseMessage(CapturedOutput output) throws IOException {
		try (ServerSocket other = new ServerSocket(0)) {
			run("server.port=" + other.getLocalPort());
			assertThat(output)
				.contains("Web server failed to start. Port " + other.getLocalPort() + " was already in use.");
		}
	}

	@Test
	void zeroWorkers(CapturedOutput output) {
		run("server.port=0", "reuseport.workers=0");
		assertThat(output).contains("'reuseport.workers' must be between 1 and 256 but was 0 (set in ")
			.contains("Update 'reuseport.workers' in your configuration: it must be between 1 and 256. "
					+ "Remove it to use its default.")
			.doesNotContain("Update your application's configuration");
	}

	@Test
	void unknownTransport(CapturedOutput output) {
		run("server.port=0", "reuseport.transport=quic");
		assertThat(output).contains("Failed to bind properties under 'reuseport.transport'")
			.contains("The following values are valid:")
			.contains("IO_URING");
	}

	@Test
	void requestedTransportNotAvailable() {
		ChildJvm.Result result = ChildJvm.run(List.of("-Dio.netty.transport.noNative=true"), TestApplication.class,
				"--server.port=0", "--reuseport.transport=epoll", "--spring.main.banner-mode=off");
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("APPLICATION FAILED TO START")
			.contains("'reuseport.transport' is set to 'epoll', but the epoll transport is not available on Linux")
			.contains("Native transport was explicit disabled")
			.contains("Add io.netty:netty-transport-native-epoll with the classifier of this platform");
	}

}
