// What the forecast suites read back from the API.

export type Forecast = {
  id: string;
  sku: string;
  location_code: string;
  start_date: string;
  end_date: string;
  quantity: number;
  daily_quantity: number;
  source: string;
};
export type Page = { data: Forecast[]; pagination: { total: number } };
export type Problem = { code: string; detail: string; errors?: { field: string; message: string }[] };
