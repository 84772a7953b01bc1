/** Scenario names: the rows of bench/RESULTS.md. */
export const PAGE_50 = "GET /todos (50 todos)";
export const PAGE_10K = "GET /todos (10,000 todos)";
export const API_COOKIE = "GET /api/todos (cookies)";
export const API_BEARER = "GET /api/todos (bearer JWT)";
export const API_POST = "POST /api/todos";
export const REDIRECT = "GET /todos signed out (redirect)";
export const STATIC_FILE = "GET /robots.txt (static file)";
export const BASELINE = "baseline: GET /todos, session read from the DB";
export const FLOOR_PAGE = "floor: GET /items (dynamic page, 50 items)";
export const FLOOR_JSON = "floor: GET /api/items (JSON, 50 items)";

/** Scenarios compared with the floor's JSON route; every other one with its dynamic page. */
export const API_SCENARIOS = new Set([API_COOKIE, API_BEARER, API_POST]);
