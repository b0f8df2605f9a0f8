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

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Endpoints of the sample: a plain greeting, the serving thread, and CPU work done on the
 * event loop.
 *
 * @author reuseport team
 */
@RestController
class HelloController {

	@GetMapping("/hello")
	String hello() {
		return "hello";
	}

	/**
	 * Name the event-loop thread that served the request; its prefix names the worker.
	 * @return the thread name
	 */
	@GetMapping("/worker")
	String worker() {
		return Thread.currentThread().getName();
	}

	/**
	 * Burn CPU on the event loop for the given time: what not to do, shown for
	 * comparison.
	 * @param ms the milliseconds to burn, at most 1000
	 * @return the milliseconds burnt
	 */
	@GetMapping("/cpu")
	String cpu(@RequestParam(defaultValue = "10") long ms) {
		return String.valueOf(CpuWork.burn(Math.min(Math.max(ms, 0), 1000)));
	}

}
