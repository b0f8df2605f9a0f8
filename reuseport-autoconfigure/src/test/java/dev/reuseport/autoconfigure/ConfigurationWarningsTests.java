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

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConfigurationWarnings}.
 *
 * @author reuseport team
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfigurationWarningsTests {

	@Test
	void entryLargerThanTheCacheIsWarnedWithWhatToSet(CapturedOutput output) {
		assertThat(ConfigurationWarnings.entryLargerThanCache("reuseport.cache.http", DataSize.ofMegabytes(1),
				DataSize.ofMegabytes(2)))
			.isTrue();
		assertThat(output)
			.contains("reuseport.cache.http.max-entry-size (2097152B) is larger than "
					+ "reuseport.cache.http.max-size (1048576B)")
			.contains("Set reuseport.cache.http.max-entry-size to at most 1048576B.");
	}

	@Test
	void entryUpToTheCacheSizeIsFine(CapturedOutput output) {
		assertThat(ConfigurationWarnings.entryLargerThanCache("reuseport.cache", DataSize.ofMegabytes(64),
				DataSize.ofMegabytes(64)))
			.isFalse();
		assertThat(output).doesNotContain("max-entry-size");
	}

	@Test
	void farMoreWorkersThanProcessorsIsWarned(CapturedOutput output) {
		assertThat(ConfigurationWarnings.workersAboveProcessors(17, 8)).isTrue();
		assertThat(ConfigurationWarnings.workersAboveProcessors(16, 8)).isFalse();
		assertThat(ConfigurationWarnings.workersAboveProcessors(4, 1)).isFalse();
		assertThat(ConfigurationWarnings.workersAboveProcessors(5, 1)).isTrue();
		assertThat(output).containsOnlyOnce("reuseport.workers=17 is more than twice the 8 available processor(s)")
			.containsOnlyOnce("reuseport.workers=5 is more than twice the 1 available processor(s)");
	}

	@Test
	void startUpWarnsAboutAnHttpCacheEntryLargerThanTheCache(CapturedOutput output) {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReusePortHttpCacheAutoConfiguration.class))
			.withPropertyValues("reuseport.cache.http.enabled=true", "reuseport.cache.http.max-size=1MB",
					"reuseport.cache.http.max-entry-size=2MB")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("reuseport.cache.http.max-entry-size (2097152B) is larger than");
	}

	@Test
	void drainWindowLongerThanTheTimeoutIsWarnedWithWhatToSet(CapturedOutput output) {
		assertThat(ConfigurationWarnings.drainWindowLongerThanTimeout(Duration.ofSeconds(5), Duration.ofSeconds(2)))
			.isTrue();
		assertThat(ConfigurationWarnings.drainWindowLongerThanTimeout(Duration.ofSeconds(2), Duration.ofSeconds(2)))
			.isFalse();
		assertThat(output)
			.containsOnlyOnce("reuseport.drain-window (PT5S) is longer than reuseport.drain-timeout (PT2S)")
			.contains("Set reuseport.drain-window to at most PT2S, or raise reuseport.drain-timeout.");
	}

	@Test
	void startUpWarnsAboutEarlyHitsWithoutTheHttpCache(CapturedOutput output) {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReusePortCacheAutoConfiguration.class,
					ReusePortHttpCacheAutoConfiguration.class))
			.withPropertyValues("reuseport.cache.http.serve-hits-early=true")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).containsOnlyOnce(
				"reuseport.cache.http.serve-hits-early is true, but the HTTP response cache is off, so there are no hits to serve early. Set reuseport.cache.http.enabled=true");
	}

	@Test
	void earlyHitsWithTheHttpCacheAreFine(CapturedOutput output) {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReusePortCacheAutoConfiguration.class,
					ReusePortHttpCacheAutoConfiguration.class))
			.withPropertyValues("reuseport.cache.http.serve-hits-early=true", "reuseport.cache.http.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain("serve-hits-early is true");
	}

}
