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

import dev.reuseport.server.ReusePortReactiveWebServerFactory;
import org.junit.jupiter.api.Test;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.server.reactive.ReactiveWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReusePortWebServerAutoConfiguration}.
 *
 * @author reuseport team
 */
class ReusePortWebServerAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReusePortWebServerAutoConfiguration.class,
				NettyReactiveWebServerAutoConfiguration.class));

	@Test
	void replacesNettyFactoryInReactiveApplication() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(ReactiveWebServerFactory.class)
			.hasSingleBean(ReusePortReactiveWebServerFactory.class));
	}

	@Test
	void workersDefaultToReactorNettysDefaultEventLoopCount() {
		this.contextRunner
			.run((context) -> assertThat(context.getBean(ReusePortReactiveWebServerFactory.class).getWorkers())
				.isEqualTo(Math.max(Runtime.getRuntime().availableProcessors(), 4)));
	}

	@Test
	void propertiesReachTheFactory() {
		this.contextRunner
			.withPropertyValues("reuseport.workers=3", "reuseport.worker-threads=2", "reuseport.transport=nio",
					"reuseport.allow-shared-port=true")
			.run((context) -> {
				ReusePortReactiveWebServerFactory factory = context.getBean(ReusePortReactiveWebServerFactory.class);
				assertThat(factory.getWorkers()).isEqualTo(3);
				assertThat(factory).hasFieldOrPropertyWithValue("workerThreads", 2)
					.hasFieldOrPropertyWithValue("transport", dev.reuseport.server.linux.ReusePortTransport.NIO)
					.hasFieldOrPropertyWithValue("allowSharedPort", true);
			});
	}

	@Test
	void sharedResourceFactoryIsNotUsed() {
		this.contextRunner.run((context) -> assertThat(
				ReflectionTestUtils.getField(context.getBean(ReusePortReactiveWebServerFactory.class),
						NettyReactiveWebServerFactory.class, "resourceFactory"))
			.isNull());
	}

	@Test
	void userNettyServerCustomizerBeansAreAdded() {
		this.contextRunner.withBean(NettyServerCustomizer.class, () -> (server) -> server)
			.run((context) -> assertThat(
					context.getBean(ReusePortReactiveWebServerFactory.class).getServerCustomizers())
				.contains(context.getBean(NettyServerCustomizer.class)));
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withPropertyValues("reuseport.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ReusePortReactiveWebServerFactory.class)
				.hasSingleBean(NettyReactiveWebServerFactory.class));
	}

	@Test
	void backsOffForUserFactory() {
		this.contextRunner.withUserConfiguration(UserFactoryConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(ReusePortReactiveWebServerFactory.class)
				.hasSingleBean(ReactiveWebServerFactory.class)
				.hasBean("userFactory"));
	}

	@Test
	void backsOffWithoutReactorNetty() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HttpServer.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ReusePortReactiveWebServerFactory.class));
	}

	@Test
	void backsOffInNonWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReusePortWebServerAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ReusePortReactiveWebServerFactory.class));
	}

	@Test
	void backsOffInServletApplication() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReusePortWebServerAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ReusePortReactiveWebServerFactory.class));
	}

	@Test
	void zeroWorkersFailsWithReason() {
		this.contextRunner.withPropertyValues("reuseport.workers=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("'reuseport.workers' must be between 1 and 256 but was 0"));
	}

	@Test
	void unknownTransportFails() {
		this.contextRunner.withPropertyValues("reuseport.transport=quic")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("Failed to bind properties under 'reuseport.transport'"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserFactoryConfiguration {

		@Bean
		NettyReactiveWebServerFactory userFactory() {
			return new NettyReactiveWebServerFactory(0);
		}

	}

}
