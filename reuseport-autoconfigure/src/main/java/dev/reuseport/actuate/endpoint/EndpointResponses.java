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

package dev.reuseport.actuate.endpoint;

import java.util.Map;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * Responses of the starter's write operations that carry a status and a message.
 *
 * @author reuseport team
 * @since 0.1.0
 */
final class EndpointResponses {

	private EndpointResponses() {
	}

	/**
	 * Return a response whose body is {@code {"status": status, "message": message}}.
	 * @param status the HTTP status
	 * @param message what happened, or why not
	 * @return the response
	 */
	static WebEndpointResponse<Map<String, Object>> message(int status, String message) {
		return new WebEndpointResponse<>(Map.of("status", status, "message", message), status);
	}

}
