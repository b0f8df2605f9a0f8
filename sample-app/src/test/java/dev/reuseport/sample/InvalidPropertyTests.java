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

package dev.reuseport.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests that a bad value of a property of the sample's configuration fails start-up
 * naming that property, not another one that reads it.
 *
 * @author reuseport team
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidPropertyTests {

	@Test
	void invalidRedisSwitchNamesTheSwitch(CapturedOutput output) {
		assertThatException().isThrownBy(() -> SpringApplication.run(SampleReusePortApplication.class,
				"--server.port=0", "--reuseport.workers=1", "--reuseport.cache.redis.enabled=maybe"));
		assertThat(output).contains("reuseport.cache.redis.enabled").doesNotContain("management.health.redis.enabled");
	}

}
