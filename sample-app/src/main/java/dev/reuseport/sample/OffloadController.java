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

import dev.reuseport.offload.Offload;
import dev.reuseport.offload.OffloadScheduler;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The same CPU work as {@code /cpu}, moved off the event loop: once through the
 * {@link OffloadScheduler} API, once with {@link Offload @Offload}, and once with
 * {@code @Offload(distributed = true)}.
 *
 * @author reuseport team
 */
@RestController
public class OffloadController {

	private final OffloadScheduler offloadScheduler;

	OffloadController(OffloadScheduler offloadScheduler) {
		this.offloadScheduler = offloadScheduler;
	}

	@GetMapping("/cpu/offload")
	Mono<String> offload(@RequestParam(defaultValue = "10") long ms) {
		long millis = Math.min(Math.max(ms, 0), 1000);
		return this.offloadScheduler.submit(() -> String.valueOf(CpuWork.burn(millis)));
	}

	@GetMapping("/cpu/annotated")
	@Offload
	public String annotated(@RequestParam(defaultValue = "10") long ms) {
		return String.valueOf(CpuWork.burn(Math.min(Math.max(ms, 0), 1000)));
	}

	/**
	 * The same work, which may run on any instance: with
	 * {@code reuseport.offload.distributed.enabled=true} a call that finds no idle
	 * offload thread here goes to the Redis queue, where an instance with an idle thread
	 * takes it; without, it is {@code @Offload} as above.
	 * @param ms the milliseconds of CPU work, at most 1,000
	 * @return the work's result
	 */
	@GetMapping("/cpu/distributed")
	@Offload(distributed = true, name = "cpu")
	public String distributed(@RequestParam(defaultValue = "10") long ms) {
		return String.valueOf(CpuWork.burn(Math.min(Math.max(ms, 0), 1000)));
	}

}
