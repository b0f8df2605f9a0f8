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

import dev.reuseport.actuate.endpoint.ReusePortEndpoint;
import dev.reuseport.actuate.health.ReusePortHealthContributor;
import dev.reuseport.actuate.health.ReusePortReadinessHealthIndicator;
import dev.reuseport.autoconfigure.endpoint.ReusePortEndpointAutoConfiguration;
import dev.reuseport.autoconfigure.health.ReusePortHealthContributorAutoConfiguration;
import dev.reuseport.autoconfigure.metrics.ReusePortMetricsAutoConfiguration;
import dev.reuseport.metrics.ReusePortWorkerMetrics;
import dev.reuseport.web.WorkerServerRequestObservationConvention;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the Actuator, metrics and worker-context auto-configurations.
 *
 * @author reuseport team
 */
class ReusePortActuatorAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReusePortWebServerAutoConfiguration.class,
				NettyReactiveWebServerAutoConfiguration.class, ReusePortEndpointAutoConfiguration.class,
				ReusePortHealthContributorAutoConfiguration.class, ReusePortMetricsAutoConfiguration.class,
				ReusePortWorkerObservationAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=reuseport");

	@Test
	void endpointAndHealthBeansWithActuator() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(ReusePortEndpoint.class)
			.hasSingleBean(ReusePortHealthContributor.class)
			.hasBean("reuseportHealthContributor")
			.hasSingleBean(ReusePortReadinessHealthIndicator.class));
	}

	@Test
	void endpointBacksOffWithoutActuator() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ReusePortEndpoint.class));
	}

	@Test
	void endpointBacksOffWhenAccessIsNone() {
		this.contextRunner.withPropertyValues("management.endpoint.reuseport.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(ReusePortEndpoint.class));
	}

	@Test
	void endpointBacksOffWhenNotExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean(ReusePortEndpoint.class));
	}

	@Test
	void healthBacksOffWhenDisabled() {
		this.contextRunner.withPropertyValues("management.health.reuseport.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ReusePortHealthContributor.class)
				.doesNotHaveBean(ReusePortReadinessHealthIndicator.class));
	}

	@Test
	void healthBacksOffWithoutSpringBootHealth() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthContributor.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ReusePortHealthContributor.class));
	}

	@Test
	void everythingBacksOffWhenReusePortIsDisabled() {
		this.contextRunner.withPropertyValues("reuseport.enabled=false")
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean(ObservationRegistry.class, ObservationRegistry::create)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ReusePortEndpoint.class)
					.doesNotHaveBean(ReusePortHealthContributor.class)
					.doesNotHaveBean(ReusePortWorkerMetrics.class)
					.doesNotHaveBean(WorkerServerRequestObservationConvention.class)
					.hasSingleBean(ReusePortReadinessHealthIndicator.class);
				assertThat(context.getBean(ReusePortReadinessHealthIndicator.class).health(true).getStatus())
					.as("readiness groups that name it keep working")
					.isEqualTo(org.springframework.boot.health.contributor.Status.UP);
			});
	}

	@Test
	void workerMetricsWithMeterRegistry() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).hasSingleBean(ReusePortWorkerMetrics.class));
	}

	@Test
	void workerObservationConventionWithObservationRegistry() {
		this.contextRunner.withBean(ObservationRegistry.class, ObservationRegistry::create)
			.run((context) -> assertThat(context).hasSingleBean(WorkerServerRequestObservationConvention.class));
	}

	@Test
	void noWorkerObservationConventionWithoutObservationRegistry() {
		this.contextRunner
			.run((context) -> assertThat(context).doesNotHaveBean(WorkerServerRequestObservationConvention.class));
	}

}
